// Package records holds the persistence records of a service that names
// its entity package differently; configuration says they are entities.
package records

type Invoice struct {
	ID     string
	Amount int64
}

// InvoiceRow is allowed by configuration (*Row).
type InvoiceRow struct {
	ID string
}
