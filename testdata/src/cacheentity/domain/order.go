// Package domain holds the ordering aggregate.
package domain

import "errors"

type Status string

type Line struct {
	SKU string
	Qty int
}

// Order is an aggregate: it guards its invariants.
type Order struct {
	ID       string
	Customer string
	Lines    []Line
	Status   Status
	version  int
	pending  []any
}

func (o *Order) AddLine(l Line) error {
	if o.Status != "open" {
		return errors.New("order is closed")
	}
	o.Lines = append(o.Lines, l)
	o.pending = append(o.pending, l)
	o.version++
	return nil
}

// OrderSummary is the read model the order page shows.
type OrderSummary struct {
	ID    string
	Lines int
	Total int64
}

func (o *Order) Summary() OrderSummary { return OrderSummary{ID: o.ID, Lines: len(o.Lines)} }

// Product is a plain record: exported fields, no behaviour. Codebases that
// use their domain package as the shared model cache these; not reported.
type Product struct {
	SKU   string
	Name  string
	Price int64
}

func (p Product) Label() string { return p.Name }

// Cart has behaviour but no hidden state.
type Cart struct {
	Items []Line
}

func (c *Cart) Add(l Line) { c.Items = append(c.Items, l) }

func (c *Cart) Total() int { return len(c.Items) }
