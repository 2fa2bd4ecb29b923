#include "ThemePalette.h"

#include <QApplication>

#include <optional>

namespace ops {

namespace {

std::optional<QPalette> &systemPalette()
{
    static std::optional<QPalette> palette; // before the first change: the platform's own
    return palette;
}

void set(QPalette &p, QPalette::ColorRole role, QRgb rgb)
{
    p.setColor(role, QColor::fromRgb(rgb));
}

} // namespace

QPalette ThemePalette::light()
{
    QPalette p;
    set(p, QPalette::Window, 0xefefef);
    set(p, QPalette::WindowText, 0x000000);
    set(p, QPalette::Base, 0xffffff);
    set(p, QPalette::AlternateBase, 0xf7f7f7);
    set(p, QPalette::Text, 0x000000);
    set(p, QPalette::Button, 0xefefef);
    set(p, QPalette::ButtonText, 0x000000);
    set(p, QPalette::BrightText, 0xffffff);
    set(p, QPalette::Light, 0xffffff);
    set(p, QPalette::Midlight, 0xcacaca);
    set(p, QPalette::Mid, 0xb8b8b8);
    set(p, QPalette::Dark, 0x9f9f9f);
    set(p, QPalette::Shadow, 0x767676);
    set(p, QPalette::Highlight, 0x308cc6);
    set(p, QPalette::HighlightedText, 0xffffff);
    set(p, QPalette::ToolTipBase, 0xffffdc);
    set(p, QPalette::ToolTipText, 0x000000);
    set(p, QPalette::PlaceholderText, 0x707070);
    set(p, QPalette::Link, 0x0000ff);
    for (const QPalette::ColorRole role : {QPalette::Text, QPalette::WindowText, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, QColor(0x9f, 0x9f, 0x9f));
    return p;
}

QPalette ThemePalette::dark()
{
    QPalette p;
    set(p, QPalette::Window, 0x2b2b2b);
    set(p, QPalette::WindowText, 0xdddddd);
    set(p, QPalette::Base, 0x1e1e1e);
    set(p, QPalette::AlternateBase, 0x262626);
    set(p, QPalette::Text, 0xe0e0e0);
    set(p, QPalette::Button, 0x353535);
    set(p, QPalette::ButtonText, 0xdddddd);
    set(p, QPalette::BrightText, 0xff6b6b);
    set(p, QPalette::Light, 0x4a4a4a);
    set(p, QPalette::Midlight, 0x3c3c3c);
    set(p, QPalette::Mid, 0x505050);
    set(p, QPalette::Dark, 0x1a1a1a);
    set(p, QPalette::Shadow, 0x000000);
    set(p, QPalette::Highlight, 0x3d7ad6);
    set(p, QPalette::HighlightedText, 0xffffff);
    set(p, QPalette::ToolTipBase, 0x3a3a3a);
    set(p, QPalette::ToolTipText, 0xeeeeee);
    set(p, QPalette::PlaceholderText, 0x8a8a8a);
    set(p, QPalette::Link, 0x7aa7ff);
    for (const QPalette::ColorRole role : {QPalette::Text, QPalette::WindowText, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, QColor(0x70, 0x70, 0x70));
    return p;
}

void ThemePalette::apply(ConsoleSettings::Theme theme)
{
    std::optional<QPalette> &system = systemPalette();
    if (theme == ConsoleSettings::Theme::System) {
        if (system)
            QApplication::setPalette(*system);
        return;
    }
    if (!system)
        system = QApplication::palette();
    QApplication::setPalette(theme == ConsoleSettings::Theme::Dark ? dark() : light());
}

} // namespace ops
