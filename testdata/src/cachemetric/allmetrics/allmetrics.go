// Package allmetrics is analysed with -cachemetric.all-metrics.
package allmetrics

import (
	"context"

	"github.com/prometheus/client_golang/prometheus"

	"cachemetric/auth"
)

var logins = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "logins_total"}, []string{"user", "org"})

func Record(ctx context.Context) {
	logins.WithLabelValues(auth.UserID(ctx), "x").Inc()   // want `metric "logins_total" label "user" takes auth.UserID\(ctx\), a user id`
	logins.WithLabelValues("x", auth.TenantID(ctx)).Inc() // tenants stay off
	logins.WithLabelValues(auth.PlanOf(ctx), "x").Inc()   // bounded
}
