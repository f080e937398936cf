// Package die ends the program on errors; its functions that never return
// carry a fact so that callers' paths end at them.
package die

import (
	"fmt"
	"log"
	"os"
)

// Fatal logs and exits.
func Fatal(err error) { // want Fatal:"noreturn"
	log.Fatalf("fatal: %v", err)
}

// Exitf prints and exits with a code.
func Exitf(code int, format string, args ...any) { // want Exitf:"noreturn"
	fmt.Fprintf(os.Stderr, format, args...)
	os.Exit(code)
}

// Must panics through a local helper that never returns.
func Must(err error) { // want Must:"noreturn"
	crash(err)
}

func crash(err error) { // want crash:"noreturn"
	panic(err)
}

// Check returns when err is nil: it does return.
func Check(err error) {
	if err == nil {
		return
	}
	log.Fatal(err)
}

// Report ends in a call that returns.
func Report(err error) {
	log.Printf("error: %v", err)
}

// Closure returns from the literal only, then exits.
func Closure(err error) { // want Closure:"noreturn"
	f := func() error { return err }
	_ = f
	os.Exit(2)
}
