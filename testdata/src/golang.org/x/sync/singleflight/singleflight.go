// Package singleflight is a minimal stub of golang.org/x/sync/singleflight.
package singleflight

type Result struct {
	Val    interface{}
	Err    error
	Shared bool
}

type Group struct{}

func (g *Group) Do(key string, fn func() (interface{}, error)) (v interface{}, err error, shared bool) {
	v, err = fn()
	return v, err, false
}
func (g *Group) DoChan(key string, fn func() (interface{}, error)) <-chan Result { return nil }
func (g *Group) Forget(key string)                                               {}
