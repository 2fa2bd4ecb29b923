#include "ColleagueBar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

#include <algorithm>

namespace ops {

namespace {
constexpr int kMaxLines = 3;
}

ColleagueBar::ColleagueBar(QWidget *parent) : QFrame(parent), m_label(new QLabel(this))
{
    setObjectName(QStringLiteral("colleagueBar"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::ToolTipBase);
    m_label->setObjectName(QStringLiteral("colleagueText"));
    m_label->setTextFormat(Qt::PlainText); // operator and target names come from the shared store
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_label->setForegroundRole(QPalette::ToolTipText);
    auto *close = new QToolButton(this);
    close->setObjectName(QStringLiteral("colleagueBarClose"));
    close->setAutoRaise(true);
    close->setText(QStringLiteral("✕"));
    close->setToolTip(tr("Hide until a colleague's next operation"));
    connect(close, &QToolButton::clicked, this, [this] {
        m_operations.clear();
        render();
    });
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_label, 1);
    layout->addWidget(close, 0, Qt::AlignTop);
    setVisible(false);
}

void ColleagueBar::showOperation(const ColleagueOperation &operation)
{
    auto same = [&](const ColleagueOperation &o) { return o.record.id == operation.record.id; };
    const bool known = std::any_of(m_operations.cbegin(), m_operations.cend(), same);
    m_operations.removeIf(same);
    if (!known && operation.isRunning()) // a new operation: the results of earlier ones are old news
        m_operations.removeIf([](const ColleagueOperation &o) { return !o.isRunning(); });
    m_operations.prepend(operation);
    while (m_operations.size() > kMaxLines)
        m_operations.removeLast();
    render();
}

QString ColleagueBar::text() const { return m_label->text(); }

void ColleagueBar::render()
{
    QStringList lines;
    for (const ColleagueOperation &o : std::as_const(m_operations))
        lines << o.text();
    const QString text = lines.join(QLatin1Char('\n'));
    if (text == m_label->text())
        return;
    m_label->setText(text);
    setVisible(!lines.isEmpty());
    emit textChanged(text);
}

} // namespace ops
