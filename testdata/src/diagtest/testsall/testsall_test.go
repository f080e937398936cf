package testsall

// Without SkipTests, findings in _test.go files are reported.
var _ = "finding" // want `found "finding"`
