package testsall

var _ = "finding" // want `found "finding"`
