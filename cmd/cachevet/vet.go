package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/cachevet/cachevet/analyzers/suite"
)

// The go command caches go vet's results under the tool's id, which it
// asks for once per invocation with -V=full, and the packages' inputs. A
// cachevet.toml is no input of a package, so the id includes the
// configuration files that can be in force: those in the working directory,
// its parents (up to the repository root) and its subdirectories, and the
// file given by -config (read from the go command's own arguments, which
// the -V=full request does not carry). Changing, adding or deleting one
// makes go vet run again.

// vetVersionFlag answers go vet's -V=full with an id that changes with the
// executable and the configuration.
type vetVersionFlag struct{}

func (vetVersionFlag) IsBoolFlag() bool { return true }
func (vetVersionFlag) Get() any         { return nil }
func (vetVersionFlag) String() string   { return "" }
func (vetVersionFlag) Set(s string) error {
	if s != "full" && s != "true" {
		return fmt.Errorf("want -V=full")
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	id, err := vetToolID(exe, parentArgs())
	if err != nil {
		return err
	}
	// "devel" makes the go command use the buildID, not the whole line.
	fmt.Printf("%s version devel %s buildID=%s\n", exe, buildVersion(), id)
	os.Exit(0)
	return nil
}

// vetToolID hashes the executable and the configuration files that can be
// in force for a go vet run from the working directory.
func vetToolID(exe string, goArgs []string) (string, error) {
	h := sha256.New()
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	_, err = io.Copy(h, f)
	f.Close()
	if err != nil {
		return "", err
	}
	cwd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for _, p := range vetConfigFiles(cwd, goArgs) {
		fmt.Fprintf(h, "\x00%s\x00", p)
		if b, err := os.ReadFile(p); err == nil {
			h.Write(b)
			// The module-wide model file the configuration names changes
			// the findings as much as the configuration does.
			if m := modelRx.FindSubmatch(b); m != nil {
				mp := string(m[1])
				if !filepath.IsAbs(mp) {
					mp = filepath.Join(filepath.Dir(p), mp)
				}
				fmt.Fprintf(h, "\x00model\x00%s\x00", mp)
				if mb, err := os.ReadFile(mp); err == nil {
					h.Write(mb)
				}
			}
		} else {
			h.Write([]byte("\x00missing"))
		}
	}
	return fmt.Sprintf("%x", h.Sum(nil)), nil
}

// modelRx finds the model file a configuration names.
var modelRx = regexp.MustCompile(`(?m)^\s*model\s*=\s*"([^"]+)"`)

// maxWalk bounds the directories searched below the working directory.
const maxWalk = 50000

// vetConfigFiles lists the configuration files go vet's packages may use:
// the -config file, and cachevet.toml / .cachevet.toml files in dir, its
// parents up to the repository root, and below it (skipping hidden,
// vendor, testdata and node_modules directories).
func vetConfigFiles(dir string, goArgs []string) []string {
	var out []string
	if c := configArg(goArgs); c != "" {
		if !filepath.IsAbs(c) {
			c = filepath.Join(dir, c)
		}
		out = append(out, c) // hashed even when missing
	}
	for d := dir; ; {
		for _, n := range suite.ConfigFileNames {
			if p := filepath.Join(d, n); fileExists(p) {
				out = append(out, p)
			}
		}
		parent := filepath.Dir(d)
		if parent == d || fileExists(filepath.Join(d, ".git")) {
			break
		}
		d = parent
	}
	n := 0
	_ = filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return filepath.SkipDir // an unreadable directory holds no configuration we can use
		}
		if e.IsDir() {
			name := e.Name()
			if p != dir && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "vendor" || name == "testdata" || name == "node_modules") {
				return filepath.SkipDir
			}
			if n++; n > maxWalk {
				return filepath.SkipAll
			}
			return nil
		}
		if filepath.Dir(p) != dir {
			for _, cn := range suite.ConfigFileNames {
				if e.Name() == cn {
					out = append(out, p)
				}
			}
		}
		return nil
	})
	return out
}

// configArg finds the -config value among the go command's arguments.
func configArg(args []string) string {
	for i, a := range args {
		if a == "--" {
			break
		}
		t := strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		if t == a {
			continue
		}
		if v, ok := strings.CutPrefix(t, "config="); ok {
			return v
		}
		if t == "config" && i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}

// parentArgs are the arguments of the process that started us (the go
// command, for -V=full), where the operating system tells them (Linux);
// nil elsewhere.
func parentArgs() []string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(os.Getppid()) + "/cmdline")
	if err != nil {
		return nil
	}
	var args []string
	for _, a := range bytes.Split(bytes.TrimSuffix(b, []byte{0}), []byte{0}) {
		args = append(args, string(a))
	}
	return args
}

// vetMain runs the go vet protocol (-V=full, -flags, one .cfg file per
// package).
//
// A bad configuration file or flag value is printed once per package
// go vet reports on, and the run fails; in packages go vet analyses only
// for facts (dependencies) it is ignored, so that it is not printed for
// every dependency and does not turn into "failed prerequisites".
func vetMain(args []string) {
	factsOnly := vetxOnly(args)
	report := func(err error) {
		if factsOnly {
			return
		}
		for _, line := range strings.Split(err.Error(), "\n") {
			fmt.Fprintln(os.Stderr, "cachevet:", line)
		}
		os.Exit(1)
	}
	flag.Var(vetVersionFlag{}, "V", "print version and exit")
	flag.Var(&configFlag{onError: report}, "config", "cachevet.toml configuration file (default: the nearest cachevet.toml above each package)")
	suite.OnConfigError(report)
	// A bad rule flag value is reported as the flag is parsed, before the
	// package's dependencies are read.
	for _, a := range suite.WithModel() {
		a.Flags.VisitAll(func(f *flag.Flag) {
			f.Value = &checkedValue{Value: f.Value, report: report}
		})
	}
	vetRun()
}

// checkedValue is a rule flag that validates the rule flags once set.
type checkedValue struct {
	flag.Value
	report func(error)
}

func (v *checkedValue) Set(s string) error {
	if err := v.Value.Set(s); err != nil {
		return err
	}
	if errs := suite.CheckConfig(nil); len(errs) > 0 {
		v.report(errors.Join(errs...))
	}
	return nil
}

func (v *checkedValue) IsBoolFlag() bool {
	b, ok := v.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// vetxOnly reads the package's .cfg file (the last argument): whether go
// vet analyses the package only for the facts of its dependents.
func vetxOnly(args []string) bool {
	if len(args) == 0 || !strings.HasSuffix(args[len(args)-1], ".cfg") {
		return false
	}
	b, err := os.ReadFile(args[len(args)-1])
	if err != nil {
		return false
	}
	var cfg struct{ VetxOnly bool }
	if json.Unmarshal(b, &cfg) != nil {
		return false
	}
	return cfg.VetxOnly
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }
