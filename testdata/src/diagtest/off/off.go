// Package off has a cachevet.toml that disables the rule.
package off

func f() {
	_ = "finding"
}
