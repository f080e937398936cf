package tags

// Plan9 exists only on plan9 (by its file name).
func Plan9() {}
