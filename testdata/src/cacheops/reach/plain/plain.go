// Package plain reaches no cache (its imports are the standard library's):
// no fact.
package plain

import "context"

type Registry struct{ m map[string]string }

func (r *Registry) Get(ctx context.Context, key string) string { return r.m[key] }

func (r *Registry) Set(ctx context.Context, key, v string) { r.m[key] = v }

func Use(ctx context.Context, r *Registry, id string) string {
	r.Set(ctx, "user:"+id, id)
	return r.Get(ctx, "user:"+id)
}
