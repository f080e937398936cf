// Package store is a minimal stub of github.com/eko/gocache/lib/v4/store.
package store

import "time"

type Option func(o *Options)

type Options struct {
	Expiration time.Duration
	Tags       []string
}

func WithExpiration(expiration time.Duration) Option {
	return func(o *Options) { o.Expiration = expiration }
}
func WithTags(tags []string) Option { return func(o *Options) { o.Tags = tags } }

type InvalidateOption func(o *InvalidateOptions)

type InvalidateOptions struct{ Tags []string }

func WithInvalidateTags(tags []string) InvalidateOption {
	return func(o *InvalidateOptions) { o.Tags = tags }
}

type StoreInterface interface{}
