package config

import (
	"errors"
	"sort"
	"strings"
	"sync"
)

// A check validates one rule's settings and flags: each rule registers the
// function that turns its flags and settings into options, so that drivers
// can report every bad value before any package is analysed.
type check struct {
	rule string
	fn   func(*Settings) error
}

var (
	checksMu sync.Mutex
	checks   []check
)

// RegisterCheck registers a rule's validation of its settings and flags. Rules
// call it from init.
func RegisterCheck(rule string, fn func(*Settings) error) {
	checksMu.Lock()
	defer checksMu.Unlock()
	checks = append(checks, check{rule, fn})
	sort.SliceStable(checks, func(i, j int) bool { return checks[i].rule < checks[j].rule })
}

// Check validates s (nil: the defaults) and every registered rule's view of
// it and of the rule flags. It is cheap: every package of a run may call
// it (flags can change between runs in one process). An error in a file's value names the
// file; an error in a flag names the flag.
func Check(s *Settings) error {
	if s == nil {
		s = &Settings{}
	}
	checksMu.Lock()
	defer checksMu.Unlock()
	var msgs []string
	seen := map[string]bool{}
	add := func(err error) {
		if err == nil {
			return
		}
		for _, m := range strings.Split(err.Error(), "\n") {
			if s.File != "" && !strings.HasPrefix(m, "-") && !strings.HasPrefix(m, s.File) {
				m = s.File + ": " + m
			}
			if !seen[m] {
				seen[m] = true
				msgs = append(msgs, m)
			}
		}
	}
	add(s.Validate())
	for _, c := range checks {
		add(c.fn(s))
	}
	if len(msgs) > 0 {
		return errors.New(strings.Join(msgs, "\n"))
	}
	return nil
}

// CheckDirs validates the configuration in force for packages in dirs (the
// override, or each directory's nearest file) and the rule flags, and
// returns each distinct problem once, in order.
func CheckDirs(dirs []string) []error {
	var errs []error
	seen := map[string]bool{}
	add := func(err error) {
		if err == nil {
			return
		}
		for _, m := range strings.Split(err.Error(), "\n") {
			if !seen[m] {
				seen[m] = true
				errs = append(errs, errors.New(m))
			}
		}
	}
	add(Check(nil)) // the flags alone, even when no package loads
	done := map[*Settings]bool{}
	for _, d := range dirs {
		s, err := ForDir(d)
		if err != nil {
			add(err)
			continue
		}
		if done[s] {
			continue
		}
		done[s] = true
		add(Check(s))
	}
	return errs
}

// Where prefixes a message about a settings value with the file it came
// from, if any.
func (s *Settings) Where() string {
	if s != nil && s.File != "" {
		return s.File + ": "
	}
	return ""
}
