// The one source of a precompiled-header donor target (cmake/Precompile.cmake): tests reuse the
// header it precompiles instead of parsing Qt's headers again in each test.
