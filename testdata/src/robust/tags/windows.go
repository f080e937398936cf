//go:build windows

package tags

import "syscall"

// Handle is a Windows handle.
type Handle = syscall.Handle
