package on

func f() {
	_ = "finding" // want `found "finding"`

	//cachevet:ignore cachekey the value is public
	_ = "finding"

	_ = "finding" //cachevet:ignore cachekey,cachettl a reason on the same line

	_ = "finding" //cachevet:ignore all a reason for every rule

	//cachevet:ignore cachettl another rule's suppression
	_ = "finding" // want `found "finding"`

	_ = 0 /* want `cachevet:ignore directive for cachekey has no reason` */ //cachevet:ignore cachekey
	_ = "finding" // want `found "finding"`
}
