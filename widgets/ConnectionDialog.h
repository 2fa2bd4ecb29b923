#pragma once

#include "resp/ConnectionOptions.h"

#include <QDialog>

class QCheckBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace ops {

/**
 * @brief Asks where to connect: host, port, ACL user, password (kept in memory only), TLS files.
 * Validates before accepting; never touches the network itself.
 */
class ConnectionDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConnectionDialog(QWidget *parent = nullptr);

    void setOptions(const ConnectionOptions &options);
    ConnectionOptions options() const;

    void accept() override;

private:
    QLineEdit *fileField(const QString &objectName, const QString &caption, QWidget *parent, QFormLayout *form,
                         const QString &label);

    QLineEdit *m_host, *m_user, *m_password, *m_caFile, *m_certFile, *m_keyFile, *m_sni;
    QSpinBox *m_port;
    QGroupBox *m_tls;
    QCheckBox *m_insecure;
    QLabel *m_error;
};

} // namespace ops
