// Package bodies holds the return shapes that give cachenil facts, for the
// test that SSA bodies left out (see needed) could only have given none.
package bodies

import (
	"context"
	"errors"
	"fmt"
)

type User struct{ Name string }

var ErrNotFound = errors.New("not found")

// Kept: each can carry a fact.

func find(id string) (*User, error) { // want find:"cachenil nil\\[0\\]"
	if id == "" {
		return nil, nil
	}
	return &User{Name: id}, nil
}

func lookup(id string) *User { // want lookup:"cachenil nil\\[0\\]"
	if id == "" {
		return nil
	}
	return &User{Name: id}
}

func findVar(id string) (*User, error) { // want findVar:"cachenil nil\\[0\\]"
	var err error
	u := lookup(id)
	return u, err
}

func findNamed(id string) (u *User, err error) { // want findNamed:"cachenil nil\\[0\\]"
	if id == "" {
		return
	}
	u = &User{Name: id}
	return
}

func findPass(id string) (*User, error) { // want findPass:"cachenil nil\\[0\\]"
	return find(id)
}

func findPassVar(id string) (*User, error) { // want findPassVar:"cachenil nil\\[0\\]"
	u, err := find(id)
	return u, err
}

func fetch(id string) (string, error) {
	if id == "" {
		return "", ErrNotFound
	}
	return id, nil
}

func load(id string) (string, error) { // want load:"cachenil swallows\\(fetch\\)"
	s, err := fetch(id)
	if err != nil {
		return "", nil
	}
	return s, nil
}

type reader struct{ val string }

func (r *reader) read(id string) (err error) { // want read:"cachenil swallows\\(fetch \\(inside load\\)\\)"
	r.val, err = load(id)
	return err
}

func readAgain(r *reader, id string) error { // want readAgain:"cachenil swallows\\(fetch \\(inside load\\)\\)"
	_, err := load(id)
	return err
}

// Left out: none can carry a fact.

func get(ctx context.Context, id string) (*User, error) {
	if id == "" {
		return nil, fmt.Errorf("empty id")
	}
	u, err := fetchUser(ctx, id)
	if err != nil {
		return nil, err
	}
	if u.Name == "" {
		return nil, ErrNotFound
	}
	return u, ctx.Err()
}

func fetchUser(ctx context.Context, id string) (*User, error) {
	return &User{Name: id}, ctx.Err()
}

func validate(u *User) error {
	if u == nil {
		return nil
	}
	return errors.New("invalid")
}

func save(ctx context.Context, u *User) error {
	err := validate(u)
	return err
}

func name(u *User) string { return u.Name }

func handle(ctx context.Context, id string) {
	u, _ := get(ctx, id)
	_ = name(u)
}

func status() (int, error) {
	return 200, nil
}
