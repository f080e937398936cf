package tests

// With SkipTests, findings in the package's own files stay.
var _ = "finding" // want `found "finding"`
