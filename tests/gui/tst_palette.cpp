// The console follows the application palette, light or dark, including a live switch: the
// topology graph's colours keep text readable on both (WCAG contrast ratios of TopologyTheme),
// and the real MainWindow (topology graph, event log, overview) repaints dark after
// QApplication::setPalette. Screenshots of both go to testOutputDir().
#include "PageTestHelpers.h"
#include "DeploymentWorkspace.h"
#include "MainWindow.h"
#include "SyntheticSnapshot.h"
#include "TestPaths.h"
#include "events/EventLogPage.h"
#include "topology/NodeItem.h"
#include "topology/TopologyPage.h"
#include "topology/TopologyScene.h"
#include "topology/TopologyTheme.h"
#include "topology/TopologyView.h"

#include <QApplication>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace ops;

namespace {

constexpr qint64 kNow = 1'700'000'000'000;

QPalette lightPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0xef, 0xef, 0xef));
    p.setColor(QPalette::WindowText, Qt::black);
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::AlternateBase, QColor(0xf7, 0xf7, 0xf7));
    p.setColor(QPalette::Text, Qt::black);
    p.setColor(QPalette::Button, QColor(0xef, 0xef, 0xef));
    p.setColor(QPalette::ButtonText, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x30, 0x8c, 0xc6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x70, 0x70, 0x70));
    return p;
}

double luminance(const QColor &c)
{
    auto lin = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF());
}

/** WCAG 2 contrast ratio, 1..21. */
double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

SnapshotPtr clusterWithTrouble()
{
    synthetic::ClusterSpec spec;
    spec.masters = 3;
    TopologySnapshot s = synthetic::clusterSnapshot(spec, kNow);
    s.timestampMs = kNow;
    // One failing master and one suspected replica, so every health colour is on screen.
    int masters = 0, replicas = 0;
    for (Node &n : s.nodes) {
        if (n.isMaster() && ++masters == 2)
            n.flags |= Node::Fail;
        if (n.isReplica() && ++replicas == 3)
            n.flags |= Node::PFail;
        if (n.isReplica())
            n.masterLinkUp = n.has(Node::PFail) ? 0 : 1;
    }
    return std::make_shared<const TopologySnapshot>(std::move(s));
}

/** Darkest/lightest contrast between any pixel in @p rect and the colour at @p fillAt. */
double bestTextContrast(const QImage &image, const QRect &rect, const QPoint &fillAt)
{
    const QColor fill = image.pixelColor(fillAt);
    double best = 1;
    const QRect r = rect.intersected(image.rect());
    for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x)
            best = std::max(best, contrast(image.pixelColor(x, y), fill));
    return best;
}

} // namespace

class TestPalette : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanup();

    void themeContrast_data();
    void themeContrast();
    void liveSwitchFollowsTheApplicationPalette();

private:
    QTemporaryDir m_settingsDir;
    QPalette m_original;
};

void TestPalette::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QApplication::setOrganizationName(QStringLiteral("redis-ops-test"));
    QApplication::setApplicationName(QStringLiteral("tst_palette"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    m_original = QApplication::palette();
}

void TestPalette::cleanup()
{
    QApplication::setPalette(m_original);
}

void TestPalette::themeContrast_data()
{
    QTest::addColumn<QPalette>("palette");
    QTest::newRow("light") << lightPalette();
    QTest::newRow("dark") << pagetest::darkPalette();
}

void TestPalette::themeContrast()
{
    QFETCH(QPalette, palette);
    const TopologyTheme t = TopologyTheme::fromPalette(palette);
    QCOMPARE(t.dark, QString::fromLatin1(QTest::currentDataTag()) == QLatin1String("dark"));
    struct Pair
    {
        const char *what;
        QColor fg, bg;
        double min;
    };
    // Body text 4.5:1 (WCAG AA); bold titles, health words and lines 3:1; stale is muted on purpose.
    const Pair pairs[] = {
        {"text on master", t.text, t.masterFill, 4.5},
        {"text on replica", t.text, t.replicaFill, 4.5},
        {"text on sentinel", t.text, t.sentinelFill, 4.5},
        {"text on fail", t.text, t.failFill, 4.5},
        {"text on pfail", t.text, t.pfailFill, 4.5},
        {"master title", t.masterAccent, t.masterFill, 3},
        {"replica title", t.replicaAccent, t.replicaFill, 3},
        {"sentinel title", t.sentinelAccent, t.sentinelFill, 3},
        {"FAIL word", t.failAccent, t.failFill, 3},
        {"PFAIL word", t.pfailAccent, t.pfailFill, 3},
        {"stale text", t.mutedText, t.staleFill, 2.5},
        {"handshake border", t.handshakeAccent, t.base, 3},
        {"loading border", t.loadingAccent, t.base, 3},
        {"link up", t.linkUp, t.base, 3},
        {"link down", t.linkDown, t.base, 3},
        {"selection", t.highlight, t.base, 3},
        {"shard title", t.shardTitle, t.shardFill, 4.5},
        {"shard border", t.shardBorder, t.base, 1.3},
    };
    QStringList weak;
    for (const Pair &p : pairs) {
        const double c = contrast(p.fg, p.bg);
        if (c < p.min)
            weak << QStringLiteral("%1: %2 on %3 = %4 < %5")
                        .arg(QLatin1String(p.what), p.fg.name(), p.bg.name())
                        .arg(c, 0, 'f', 2)
                        .arg(p.min);
    }
    QVERIFY2(weak.isEmpty(), qPrintable(weak.join(QLatin1Char('\n'))));
    // Health states differ by hue from each other and from the roles, not only by lightness.
    QVERIFY(std::abs(t.failAccent.hueF() - t.pfailAccent.hueF()) > 0.04);
    QVERIFY(std::abs(t.failAccent.hueF() - t.masterAccent.hueF()) > 0.2);
}

void TestPalette::liveSwitchFollowsTheApplicationPalette()
{
    QApplication::setPalette(lightPalette());
    MainWindow window;
    window.resize(1300, 820);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    DeploymentWorkspace *w = window.addDeployment(1, QStringLiteral("palette"));
    w->topologyPage()->scene()->setAnimationsEnabled(false);
    const SnapshotPtr s = clusterWithTrouble();
    window.showSnapshot(1, s);
    w->showPage(DeploymentWorkspace::Topology);
    TopologyView *view = w->topologyPage()->view();
    const NodeItem *master = nullptr;
    for (const Node &n : s->nodes)
        if (n.isMaster() && !n.has(Node::Fail) && master == nullptr)
            master = w->topologyPage()->scene()->nodeItem(n.id);
    QVERIFY(master);

    struct Look
    {
        int background;
        double text;
    };
    auto look = [&](const QString &name) {
        QApplication::processEvents();
        const QImage image = view->viewport()->grab().toImage();
        const QRect body = view->mapFromScene(master->mapToScene(master->bodyRect())).boundingRect();
        const QRect text = body.adjusted(10, body.height() / 4, -body.width() / 3, -6); // address and id lines
        const QPoint fillAt(body.right() - 8, body.bottom() - 6);
        image.save(testOutputDir() + QStringLiteral("/palette-topology-") + name + QStringLiteral(".png"));
        window.grab().save(testOutputDir() + QStringLiteral("/palette-window-") + name + QStringLiteral(".png"));
        return Look{QColor(image.pixel(3, 3)).lightness(), bestTextContrast(image, text, fillAt)};
    };

    const Look light = look(QStringLiteral("light"));
    QVERIFY2(light.background > 220, qPrintable(QString::number(light.background)));
    QVERIFY2(light.text >= 4.5, qPrintable(QString::number(light.text)));

    QApplication::setPalette(pagetest::darkPalette());
    const Look dark = look(QStringLiteral("dark"));
    QVERIFY2(dark.background < 50, qPrintable(QString::number(dark.background)));
    QVERIFY2(dark.text >= 4.5, qPrintable(QString::number(dark.text)));
    QVERIFY(TopologyTheme::forPalette(w->topologyPage()->scene()->palette()).dark);

    // The other pages and the window follow too (standard widgets, no colours of their own).
    OpsEvents events;
    for (int i = 0; i < 3; ++i) {
        OpsEvent e;
        e.timestampMs = kNow + i * 1000;
        e.kind = i == 0 ? OpsEvent::Kind::FailSet : OpsEvent::Kind::PFailSet;
        e.severity = i == 0 ? OpsEvent::Severity::Critical : OpsEvent::Severity::Warning;
        e.nodeId = QStringLiteral("127.0.0.1:%1").arg(30001 + i);
        e.message = QStringLiteral("node 127.0.0.1:%1 is failing").arg(30001 + i);
        events << e;
    }
    window.showEvents(1, events);
    w->showPage(DeploymentWorkspace::Events);
    auto *table = w->eventLogPage()->findChild<QTableView *>(QStringLiteral("eventTable"));
    QVERIFY(QColor(table->viewport()->grab().toImage().pixel(table->viewport()->width() - 5, table->viewport()->height() - 5)).lightness() < 50);
    QVERIFY(window.grab().save(testOutputDir() + QStringLiteral("/palette-window-events-dark.png")));
    window.showOverview();
    QVERIFY(QColor(window.centralWidget()->grab().toImage().pixel(5, 40)).lightness() < 70);

    // And back.
    QApplication::setPalette(lightPalette());
    window.findChild<QTabWidget *>(QStringLiteral("pages"))->setCurrentWidget(w);
    w->showPage(DeploymentWorkspace::Topology);
    QVERIFY(look(QStringLiteral("light-again")).background > 220);
}

QTEST_MAIN(TestPalette)
#include "tst_palette.moc"
