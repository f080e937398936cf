// Package metric is a minimal stub of go.opentelemetry.io/otel/metric with
// the real signatures, for analyzer tests.
package metric

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
)

type MeterProvider interface {
	Meter(name string, opts ...MeterOption) Meter
}

type MeterOption interface{ applyMeter() }

type Meter interface {
	Int64Counter(name string, options ...Int64CounterOption) (Int64Counter, error)
	Int64UpDownCounter(name string, options ...Int64UpDownCounterOption) (Int64UpDownCounter, error)
	Int64Histogram(name string, options ...Int64HistogramOption) (Int64Histogram, error)
	Int64Gauge(name string, options ...Int64GaugeOption) (Int64Gauge, error)
	Float64Counter(name string, options ...Float64CounterOption) (Float64Counter, error)
	Float64Histogram(name string, options ...Float64HistogramOption) (Float64Histogram, error)
	Float64Gauge(name string, options ...Float64GaugeOption) (Float64Gauge, error)
}

type Int64CounterOption interface{ applyInt64Counter() }
type Int64UpDownCounterOption interface{ applyInt64UpDownCounter() }
type Int64HistogramOption interface{ applyInt64Histogram() }
type Int64GaugeOption interface{ applyInt64Gauge() }
type Float64CounterOption interface{ applyFloat64Counter() }
type Float64HistogramOption interface{ applyFloat64Histogram() }
type Float64GaugeOption interface{ applyFloat64Gauge() }

type InstrumentOption interface {
	Int64CounterOption
	Int64UpDownCounterOption
	Int64HistogramOption
	Int64GaugeOption
	Float64CounterOption
	Float64HistogramOption
	Float64GaugeOption
}

func WithDescription(desc string) InstrumentOption { return nil }
func WithUnit(u string) InstrumentOption           { return nil }

type Int64Counter interface {
	Add(ctx context.Context, incr int64, options ...AddOption)
	Enabled(context.Context) bool
}

type Int64UpDownCounter interface {
	Add(ctx context.Context, incr int64, options ...AddOption)
	Enabled(context.Context) bool
}

type Int64Histogram interface {
	Record(ctx context.Context, incr int64, options ...RecordOption)
	Enabled(context.Context) bool
}

type Int64Gauge interface {
	Record(ctx context.Context, value int64, options ...RecordOption)
	Enabled(context.Context) bool
}

type Float64Counter interface {
	Add(ctx context.Context, incr float64, options ...AddOption)
	Enabled(context.Context) bool
}

type Float64Histogram interface {
	Record(ctx context.Context, incr float64, options ...RecordOption)
	Enabled(context.Context) bool
}

type Float64Gauge interface {
	Record(ctx context.Context, value float64, options ...RecordOption)
	Enabled(context.Context) bool
}

type AddOption interface{ applyAdd() }
type RecordOption interface{ applyRecord() }
type ObserveOption interface{ applyObserve() }

type MeasurementOption interface {
	AddOption
	RecordOption
	ObserveOption
}

func WithAttributeSet(attributes attribute.Set) MeasurementOption { return nil }
func WithAttributes(attributes ...attribute.KeyValue) MeasurementOption {
	return nil
}
