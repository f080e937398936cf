// Package guarduse passes an object that may be nil to guardlib: silent
// where the callee returns at once for nil, reported where it does not.
package guarduse

import "cachenil/guardlib"

// previous is nil when the old value is not one of ours.
func previous(old any) *guardlib.Object { // want previous:`cachenil nil\[0\]`
	if o, ok := old.(*guardlib.Object); ok {
		return o
	}
	return nil
}

func Put(ix *guardlib.Index, old any) error {
	prev := previous(old)
	ix.Replace(prev)
	if err := ix.Cleanup(prev); err != nil {
		return err
	}
	ix.Record(prev) // want `caches prev although it may be nil \(previous returns nil\)`
	return nil
}
