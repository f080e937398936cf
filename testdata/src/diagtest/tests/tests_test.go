package tests

// With SkipTests, findings in _test.go files are dropped.
var _ = "finding"
