#include "LeaseTakeOverPanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace ops {

LeaseTakeOverPanel::LeaseTakeOverPanel(QWidget *parent)
    : QFrame(parent), m_holder(new QLabel(this)), m_prompt(new QLabel(this)), m_typed(new QLineEdit(this)),
      m_takeOver(new QPushButton(tr("Take over…"), this))
{
    setObjectName(QStringLiteral("leaseTakeOverPanel"));
    setFrameShape(QFrame::StyledPanel);
    m_holder->setObjectName(QStringLiteral("leaseHolderText"));
    m_holder->setTextFormat(Qt::PlainText); // names and hosts come from the shared store
    m_holder->setWordWrap(true);
    m_holder->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_prompt->setTextFormat(Qt::PlainText);
    m_prompt->setWordWrap(true);
    m_typed->setObjectName(QStringLiteral("leaseTakeOverConfirmation"));
    m_takeOver->setObjectName(QStringLiteral("leaseTakeOverButton"));
    m_takeOver->setEnabled(false);
    connect(m_typed, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_takeOver->setEnabled(!m_holderOperation.isEmpty() && text.trimmed() == expected());
    });
    connect(m_takeOver, &QPushButton::clicked, this, [this] {
        if (m_typed->text().trimmed() != expected())
            return;
        m_takeOver->setEnabled(false);
        emit takeOverConfirmed(m_typed->text().trimmed());
    });
    auto *row = new QHBoxLayout;
    row->addWidget(m_typed, 1);
    row->addWidget(m_takeOver);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_holder);
    layout->addWidget(m_prompt);
    layout->addLayout(row);
    setVisible(false);
}

void LeaseTakeOverPanel::showHolder(const QString &holderText, const QString &holderOperation)
{
    m_holderOperation = holderOperation;
    m_holder->setText(tr("Another console holds this deployment's operation lease: %1").arg(holderText));
    m_prompt->setText(tr("Taking it over stops their operation at its next lease renewal (it is journaled, with "
                         "your name). Type %1, the first 8 characters of their operation, to take over:")
                          .arg(expected()));
    m_typed->clear();
    m_takeOver->setEnabled(false);
    setVisible(true);
}

void LeaseTakeOverPanel::clear()
{
    m_holderOperation.clear();
    m_typed->clear();
    setVisible(false);
}

} // namespace ops
