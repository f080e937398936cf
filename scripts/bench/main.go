// Command bench measures cachevet's speed and memory on synthetic corpora
// of 100, 400 and 1,600 packages, against the same driver running a no-op
// analyzer (the cost of loading and type-checking), go vet with its default
// analyzers, and staticcheck. See docs/performance.md.
//
// Run it from the repository root:
//
//	go run ./scripts/bench                         # sizes 100,400,1600, every tool
//	go run ./scripts/bench -smoke                  # one small corpus, cachevet and noop only (< 60 s)
//	go run ./scripts/bench -sizes 400 -inproc -cpuprofile /tmp/cpu.out
//
// -inproc loads the corpus once and times the analysis alone (the suite
// against the no-op analyzer, on the same loaded packages), optionally
// under the CPU or memory profiler.
//
// staticcheck is taken from -staticcheck, $PATH or $GOBIN; install it with
//
//	GOBIN=/tmp/benchbin go install honnef.co/go/tools/cmd/staticcheck@v0.8.2
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/cachevet/cachevet/analyzers/suite"
	"github.com/cachevet/cachevet/internal/driver"
	"github.com/cachevet/cachevet/scripts/bench/corpus"
)

func main() {
	sizesFlag := flag.String("sizes", "100,400,1600", "corpus sizes, in packages")
	smoke := flag.Bool("smoke", false, "quick check: a 20-package corpus, cachevet and noop only, one run")
	toolsFlag := flag.String("tools", "cachevet,noop,vet,staticcheck", "tools to time")
	runs := flag.Int("runs", 2, "timed runs per tool and size (the one with the least CPU time counts)")
	work := flag.String("dir", "", "work directory (default: a new temporary directory, removed at the end)")
	staticcheck := flag.String("staticcheck", "", "staticcheck binary (default: from $PATH or $GOBIN)")
	out := flag.String("o", "", "also write the report (markdown) to this file")
	inproc := flag.Bool("inproc", false, "load each corpus once and time the analysis alone, in this process")
	cpuprofile := flag.String("cpuprofile", "", "with -inproc: write a CPU profile of the suite's analysis")
	memprofile := flag.String("memprofile", "", "with -inproc: write an allocation profile of the suite's analysis")
	without := flag.String("without", "", "with -inproc: analyzers of the suite to leave out (comma-separated), e.g. cachenil")
	flag.Parse()

	if *smoke {
		*sizesFlag, *toolsFlag, *runs = "20", "cachevet,noop", 1
	}
	var sizes []int
	for _, s := range strings.Split(*sizesFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			fatalf("-sizes: bad size %q", s)
		}
		sizes = append(sizes, n)
	}
	root, err := repoRoot()
	if err != nil {
		fatalf("%v", err)
	}
	dir := *work
	if dir == "" {
		if dir, err = os.MkdirTemp("", "cachevet-bench-"); err != nil {
			fatalf("%v", err)
		}
		defer os.RemoveAll(dir)
	}

	var report strings.Builder
	logf := func(format string, a ...any) {
		fmt.Fprintf(os.Stderr, format, a...)
		fmt.Fprintf(&report, format, a...)
	}
	logf("cachevet benchmark: %s, %s/%s, %d CPUs, sizes %v\n\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), sizes)

	if *inproc {
		for _, n := range sizes {
			cdir := filepath.Join(dir, fmt.Sprintf("corpus-%d", n))
			st, err := generate(cdir, n)
			if err != nil {
				fatalf("%v", err)
			}
			var skip []string
			if *without != "" {
				skip = strings.Split(*without, ",")
			}
			if err := inProcess(cdir, st, *runs, skip, *cpuprofile, *memprofile, logf); err != nil {
				fatalf("%v", err)
			}
		}
		writeReport(*out, report.String())
		return
	}

	tools, err := buildTools(root, dir, strings.Split(*toolsFlag, ","), *staticcheck)
	if err != nil {
		fatalf("%v", err)
	}
	results := map[int]map[string]measure{}
	var corpora []corpus.Stats
	for _, n := range sizes {
		cdir := filepath.Join(dir, fmt.Sprintf("corpus-%d", n))
		st, err := generate(cdir, n)
		if err != nil {
			fatalf("%v", err)
		}
		corpora = append(corpora, st)
		// Warm the build cache (go vet needs its dependencies' export data;
		// the other tools type-check from source), so that no tool pays for
		// compiling the standard library.
		if _, err := runTool(cdir, "go", []string{"build", "./..."}, dir); err != nil {
			fatalf("corpus %d does not build: %v", n, err)
		}
		// And go list's caches (cgo-processed files of the standard
		// library), with one untimed run of the first tool.
		if _, err := tools[0].run(cdir, -1); err != nil {
			fatalf("warm-up %s on %d packages: %v", tools[0].name, n, err)
		}
		results[n] = map[string]measure{}
		for _, t := range tools {
			var best measure
			for r := 0; r < *runs; r++ {
				m, err := t.run(cdir, r)
				if err != nil {
					fatalf("%s on %d packages: %v", t.name, n, err)
				}
				// The machine may be shared: the run with the least CPU
				// time counts (wall time is reported too).
				if r == 0 || m.cpu < best.cpu {
					best = m
				}
			}
			results[n][t.name] = best
			fmt.Fprintf(os.Stderr, "  %5d packages  %-12s %8.2fs wall %8.2fs cpu %7.0f MB\n", st.Packages, t.name, best.wall.Seconds(), best.cpu.Seconds(), best.maxRSSMB)
		}
	}
	fmt.Fprintln(os.Stderr)
	logf("%s", table(sizes, corpora, tools, results))
	writeReport(*out, report.String())
}

func writeReport(path, text string) {
	if path == "" {
		return
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		fatalf("%v", err)
	}
}

func fatalf(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", a...)
	os.Exit(1)
}

func repoRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", err
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("run the benchmark from the cachevet repository")
	}
	return filepath.Dir(mod), nil
}

func generate(dir string, n int) (corpus.Stats, error) {
	if err := os.RemoveAll(dir); err != nil {
		return corpus.Stats{}, err
	}
	st, err := corpus.Generate(dir, n)
	if err != nil {
		return st, err
	}
	fmt.Fprintf(os.Stderr, "corpus %d: %d packages, %d files, %d lines, %d planted key mistakes\n", n, st.Packages, st.Files, st.Lines, st.Mistakes)
	return st, nil
}

type measure struct {
	wall, cpu time.Duration
	maxRSSMB  float64
	stderr    string
}

type tool struct {
	name string
	run  func(dir string, attempt int) (measure, error)
}

// env is the environment of every timed command: no network, no
// workspace, the corpus's own go.mod.
func env(work string) []string {
	return append(os.Environ(), "GOPROXY=off", "GOWORK=off", "GOFLAGS=-mod=mod", "STATICCHECK_CACHE="+filepath.Join(work, "staticcheck-cache"))
}

func runTool(dir, bin string, args []string, work string) (measure, error) {
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = env(work)
	var stderr strings.Builder
	cmd.Stdout = io.Discard
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	m := measure{wall: time.Since(start), stderr: stderr.String()}
	if ps := cmd.ProcessState; ps != nil {
		m.cpu = ps.UserTime() + ps.SystemTime()
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			m.maxRSSMB = float64(ru.Maxrss) / 1024 // kilobytes on Linux
		}
	}
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return m, fmt.Errorf("exit %d: %s", ee.ExitCode(), tail(m.stderr))
		}
		return m, err
	}
	return m, nil
}

func tail(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > 15 {
		lines = lines[len(lines)-15:]
	}
	return strings.Join(lines, "\n")
}

func buildTools(root, work string, names []string, staticcheck string) ([]tool, error) {
	bin := filepath.Join(work, "bin")
	build := func(pkg, out string) (string, error) {
		p := filepath.Join(bin, out)
		cmd := exec.Command("go", "build", "-o", p, pkg)
		cmd.Dir = root
		cmd.Stderr = os.Stderr
		return p, cmd.Run()
	}
	var tools []tool
	for _, name := range names {
		switch strings.TrimSpace(name) {
		case "cachevet":
			p, err := build("./cmd/cachevet", "cachevet")
			if err != nil {
				return nil, err
			}
			tools = append(tools, tool{"cachevet", func(dir string, _ int) (measure, error) {
				m, err := runTool(dir, p, []string{"./..."}, work)
				// Exit 3 means findings (the corpus plants some); anything
				// else on stderr is an error or a panic.
				if err != nil && !strings.HasPrefix(err.Error(), "exit 3:") {
					return m, err
				}
				if strings.Contains(m.stderr, "panic") || strings.Contains(m.stderr, "cachevet:") {
					return m, fmt.Errorf("errors on stderr: %s", tail(m.stderr))
				}
				return m, nil
			}})
		case "noop":
			p, err := build("./scripts/bench/noop", "noop")
			if err != nil {
				return nil, err
			}
			tools = append(tools, tool{"noop", func(dir string, _ int) (measure, error) {
				return runTool(dir, p, []string{"./..."}, work)
			}})
		case "vet":
			tools = append(tools, tool{"go vet", func(dir string, attempt int) (measure, error) {
				// A flag value nobody uses changes vet's cache key, so vet
				// analyses every package again while the compiled
				// dependencies stay cached.
				nonce := fmt.Sprintf("-printf.funcs=benchNonce%d_%d", time.Now().UnixNano(), attempt)
				return runTool(dir, "go", []string{"vet", nonce, "./..."}, work)
			}})
		case "staticcheck":
			p := staticcheck
			if p == "" {
				var err error
				if p, err = findStaticcheck(); err != nil {
					return nil, err
				}
			}
			tools = append(tools, tool{"staticcheck", func(dir string, _ int) (measure, error) {
				// Cold: its own cache would otherwise skip the work.
				os.RemoveAll(filepath.Join(work, "staticcheck-cache"))
				m, err := runTool(dir, p, []string{"./..."}, work)
				if err != nil && strings.HasPrefix(err.Error(), "exit 1:") && !strings.Contains(m.stderr, "panic") {
					err = nil // findings
				}
				return m, err
			}})
		default:
			return nil, fmt.Errorf("-tools: unknown tool %q (cachevet, noop, vet, staticcheck)", name)
		}
	}
	return tools, nil
}

func findStaticcheck() (string, error) {
	if p, err := exec.LookPath("staticcheck"); err == nil {
		return p, nil
	}
	gobin := os.Getenv("GOBIN")
	if gobin == "" {
		out, _ := exec.Command("go", "env", "GOPATH").Output()
		gobin = filepath.Join(strings.TrimSpace(string(out)), "bin")
	}
	for _, d := range []string{gobin, "/tmp/benchbin"} {
		p := filepath.Join(d, "staticcheck")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", errors.New("staticcheck not found: GOBIN=/tmp/benchbin go install honnef.co/go/tools/cmd/staticcheck@v0.8.2, or pass -staticcheck, or leave it out of -tools")
}

func table(sizes []int, corpora []corpus.Stats, tools []tool, res map[int]map[string]measure) string {
	var b strings.Builder
	b.WriteString("| packages | lines |")
	for _, t := range tools {
		fmt.Fprintf(&b, " %s (s wall / s cpu / MB) |", t.name)
	}
	b.WriteString("\n|---:|---:|")
	for range tools {
		b.WriteString("---:|")
	}
	b.WriteString("\n")
	for i, n := range sizes {
		fmt.Fprintf(&b, "| %d | %d |", corpora[i].Packages, corpora[i].Lines)
		for _, t := range tools {
			m := res[n][t.name]
			fmt.Fprintf(&b, " %.2f / %.2f / %.0f |", m.wall.Seconds(), m.cpu.Seconds(), m.maxRSSMB)
		}
		b.WriteString("\n")
	}
	b.WriteString("\nRatios of CPU time (user+system, children included; wall time in brackets):\n\n")
	ratio := func(n int, a, c string) string {
		x, okx := res[n][a]
		y, oky := res[n][c]
		if !okx || !oky || y.wall == 0 || y.cpu == 0 {
			return "n/a"
		}
		return fmt.Sprintf("%.2f (%.2f)", x.cpu.Seconds()/y.cpu.Seconds(), x.wall.Seconds()/y.wall.Seconds())
	}
	b.WriteString("| packages | cachevet/noop | cachevet/go vet | cachevet/staticcheck | cachevet peak MB / noop peak MB |\n|---:|---:|---:|---:|---:|\n")
	for i, n := range sizes {
		mem := "n/a"
		if c, ok := res[n]["cachevet"]; ok {
			if o, ok := res[n]["noop"]; ok && o.maxRSSMB > 0 {
				mem = fmt.Sprintf("%.0f / %.0f", c.maxRSSMB, o.maxRSSMB)
			}
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %s | %s |\n", corpora[i].Packages, ratio(n, "cachevet", "noop"), ratio(n, "cachevet", "go vet"), ratio(n, "cachevet", "staticcheck"), mem)
	}
	if len(sizes) > 1 {
		b.WriteString("\nGrowth of cachevet's CPU time (wall time) from one size to the next:\n\n")
		for i := 1; i < len(sizes); i++ {
			a, c := res[sizes[i-1]]["cachevet"], res[sizes[i]]["cachevet"]
			if a.wall == 0 {
				continue
			}
			fmt.Fprintf(&b, "- %d → %d packages (%.1fx): %.2fx (%.2fx)\n", corpora[i-1].Packages, corpora[i].Packages,
				float64(corpora[i].Packages)/float64(corpora[i-1].Packages), c.cpu.Seconds()/a.cpu.Seconds(), c.wall.Seconds()/a.wall.Seconds())
		}
	}
	return b.String()
}

// inProcess loads the corpus once, then times the analysis of the suite
// and of the no-op analyzer on the same packages.
func inProcess(dir string, st corpus.Stats, runs int, without []string, cpuprofile, memprofile string, logf func(string, ...any)) error {
	for _, kv := range [][2]string{{"GOPROXY", "off"}, {"GOWORK", "off"}, {"GOFLAGS", "-mod=mod"}} {
		os.Setenv(kv[0], kv[1])
	}
	start := cpuTime()
	cfg := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Dir: dir, Tests: true}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		return err
	}
	if n := packages.PrintErrors(pkgs); n > 0 {
		return fmt.Errorf("%d load errors", n)
	}
	load := cpuTime() - start
	noop := &analysis.Analyzer{Name: "noop", Doc: "noop", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	timeIt := func(as []*analysis.Analyzer) (time.Duration, int, error) {
		runtime.GC()
		c := cpuTime()
		g, err := checker.Analyze(as, pkgs, nil)
		d := cpuTime() - c
		if err != nil {
			return d, 0, err
		}
		diags := 0
		var errs []string
		for act := range g.All() {
			if act.Err != nil {
				errs = append(errs, act.Err.Error())
			}
			diags += len(act.Diagnostics)
		}
		if len(errs) > 0 {
			sort.Strings(errs)
			return d, diags, fmt.Errorf("%d analyzer errors, first: %s", len(errs), errs[0])
		}
		return d, diags, nil
	}
	// best runs as runs times and keeps the least CPU time: the machine
	// may be shared.
	best := func(as []*analysis.Analyzer) (time.Duration, int, error) {
		var least time.Duration
		diags := 0
		for r := 0; r < runs; r++ {
			d, n, err := timeIt(as)
			if err != nil {
				return d, n, err
			}
			if r == 0 || d < least {
				least = d
			}
			diags = n
		}
		return least, diags, nil
	}
	dNoop, _, err := best([]*analysis.Analyzer{noop})
	if err != nil {
		return err
	}
	var all []*analysis.Analyzer
	for _, a := range suite.WithModel() {
		if !slices.Contains(without, a.Name) {
			all = append(all, driver.Gate(a))
		}
	}
	// The profiles cover every timed run of the suite.
	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
	}
	if memprofile != "" {
		runtime.MemProfileRate = 64 << 10
	}
	dSuite, diags, err := best(all)
	if cpuprofile != "" {
		pprof.StopCPUProfile()
	}
	if err != nil {
		return err
	}
	if memprofile != "" {
		f, err := os.Create(memprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		runtime.GC() // the profile is as of the last collection: include the analysis
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			return err
		}
	}
	what := "suite"
	if len(without) > 0 {
		what = "suite without " + strings.Join(without, ",")
	}
	logf("%d packages, %d lines (cpu seconds of this process, best of %d): load+type-check %.2fs; analysis: noop %.2fs, %s %.2fs (%d findings); analysis / load = %.1f%%\n",
		st.Packages, st.Lines, runs, load.Seconds(), dNoop.Seconds(), what, dSuite.Seconds(), diags, 100*dSuite.Seconds()/load.Seconds())
	return nil
}

// cpuTime is the CPU time (user and system) this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
