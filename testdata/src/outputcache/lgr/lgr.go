// Package lgr is a logging package that is not the standard library's.
package lgr

// Printf logs a formatted line.
func Printf(format string, args ...any) {}
