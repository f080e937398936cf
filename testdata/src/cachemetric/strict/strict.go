// Package strict is analysed with a cachevet.toml that reports tenant ids
// and treats "lookups" metrics as cache metrics.
package strict

import (
	"context"

	"github.com/prometheus/client_golang/prometheus"

	"cachemetric/auth"
)

var lookups = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "profile_lookups_total"}, []string{"org"})

var logins = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "logins_total"}, []string{"org"})

func Record(ctx context.Context, orgID string) {
	lookups.WithLabelValues(orgID).Inc()              // want `cache metric "profile_lookups_total" label "org" takes orgID, a tenant id: every tenant becomes its own time series`
	lookups.WithLabelValues(auth.TenantID(ctx)).Inc() // want `takes auth.TenantID\(ctx\), a tenant id: every tenant`
	logins.WithLabelValues(orgID).Inc()               // not a cache metric
	lookups.WithLabelValues(auth.PlanOf(ctx)).Inc()   // bounded
}
