package main

import "runtime/debug"

// version may be set at link time (-ldflags "-X main.version=v1.2.3");
// otherwise it comes from the build information.
var version string

// buildVersion is cachevet's version: the module version when it was
// installed as a module (go install ...@v1.2.3), else the VCS revision it
// was built from ("devel-0123456789ab", "+dirty" with uncommitted changes),
// else "devel".
func buildVersion() string {
	if version != "" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	return versionOf(bi)
}

func versionOf(bi *debug.BuildInfo) string {
	var rev string
	modified := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" && rev == "" {
		return v // a module version: go install ...@version
	}
	if rev == "" {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			return v
		}
		return "devel"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	v := "devel-" + rev
	if modified {
		v += "+dirty"
	}
	return v
}
