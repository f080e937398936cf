// Package reset keeps per-transfer resume state in a cache and clears it
// when the transfer completes. Writing the nil literal on purpose is
// reported with what it does (a hit holding nil), not as a failure; a nil
// that comes from a failed call is reported as a failure.
package reset

import (
	"errors"
	"time"

	gocache "github.com/patrickmn/go-cache"
)

var states = gocache.New(time.Minute, time.Minute)

type Resume struct {
	Offset int64
	Parts  []string
}

// keep stores whatever state it is given for 15 minutes.
func keep(id string, state any) {
	states.Set("resume:"+id, state, 15*time.Minute)
}

func upload(id string) (*Resume, error) {
	if id == "" {
		return nil, errors.New("no id")
	}
	return &Resume{}, nil
}

// Finish clears the resume state through the helper by storing nil.
func Finish(id string) {
	keep(id, nil) // want `stores the nil literal as a value for 15m: a read gets nil as a hit and cannot tell it from a missing entry or a failed load; delete the entry to clear it, or store a non-nil sentinel`
}

// Abort stores nil directly.
func Abort(id string) {
	states.Set("resume:"+id, nil, time.Minute) // want `stores the nil literal as a value for 1m`
}

// Resumable keeps the state of a failed upload: here a call did fail.
func Resumable(id string) error {
	st, err := upload(id)
	if err != nil {
		keep(id, st) // want `caches st although upload may have failed \(this keep runs only when err != nil\)`
		return err
	}
	return nil
}

// --- near misses ---

// Done deletes the entry: nothing is stored.
func Done(id string) {
	states.Delete("resume:" + id)
}

// Progress stores a real state.
func Progress(id string, off int64) {
	keep(id, &Resume{Offset: off})
}

// Saved stores the state of a successful upload.
func Saved(id string) error {
	st, err := upload(id)
	if err != nil {
		return err
	}
	keep(id, st)
	return nil
}
