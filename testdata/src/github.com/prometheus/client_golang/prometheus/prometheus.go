// Package prometheus is a minimal stub of github.com/prometheus/client_golang/prometheus
// with the real signatures, for analyzer tests.
package prometheus

// Labels maps label names to values.
type Labels map[string]string

type Opts struct {
	Namespace   string
	Subsystem   string
	Name        string
	Help        string
	ConstLabels Labels
}

type CounterOpts Opts
type GaugeOpts Opts

type HistogramOpts struct {
	Namespace   string
	Subsystem   string
	Name        string
	Help        string
	ConstLabels Labels
	Buckets     []float64
}

type SummaryOpts struct {
	Namespace   string
	Subsystem   string
	Name        string
	Help        string
	ConstLabels Labels
	Objectives  map[float64]float64
}

type Collector interface{}

type Metric interface{}

type Counter interface {
	Inc()
	Add(float64)
}

type Gauge interface {
	Set(float64)
	Inc()
	Dec()
	Add(float64)
	Sub(float64)
}

type Observer interface {
	Observe(float64)
}

type ObserverVec interface {
	GetMetricWith(Labels) (Observer, error)
	GetMetricWithLabelValues(lvs ...string) (Observer, error)
	With(Labels) Observer
	WithLabelValues(...string) Observer
	CurryWith(Labels) (ObserverVec, error)
	MustCurryWith(Labels) ObserverVec
}

type Histogram interface {
	Observe(float64)
}

type Registerer interface {
	Register(Collector) error
	MustRegister(...Collector)
	Unregister(Collector) bool
}

var DefaultRegisterer Registerer

func MustRegister(cs ...Collector) {}

type MetricVec struct{}

func (m *MetricVec) DeleteLabelValues(lvs ...string) bool { return false }
func (m *MetricVec) Delete(labels Labels) bool            { return false }
func (m *MetricVec) Reset()                               {}

type CounterVec struct {
	*MetricVec
}

func NewCounterVec(opts CounterOpts, labelNames []string) *CounterVec { return nil }
func NewCounter(opts CounterOpts) Counter                             { return nil }

func (v *CounterVec) GetMetricWithLabelValues(lvs ...string) (Counter, error) { return nil, nil }
func (v *CounterVec) GetMetricWith(labels Labels) (Counter, error)            { return nil, nil }
func (v *CounterVec) WithLabelValues(lvs ...string) Counter                   { return nil }
func (v *CounterVec) With(labels Labels) Counter                              { return nil }
func (v *CounterVec) CurryWith(labels Labels) (*CounterVec, error)            { return nil, nil }
func (v *CounterVec) MustCurryWith(labels Labels) *CounterVec                 { return nil }

type GaugeVec struct {
	*MetricVec
}

func NewGaugeVec(opts GaugeOpts, labelNames []string) *GaugeVec { return nil }
func NewGauge(opts GaugeOpts) Gauge                             { return nil }

func (v *GaugeVec) GetMetricWithLabelValues(lvs ...string) (Gauge, error) { return nil, nil }
func (v *GaugeVec) GetMetricWith(labels Labels) (Gauge, error)            { return nil, nil }
func (v *GaugeVec) WithLabelValues(lvs ...string) Gauge                   { return nil }
func (v *GaugeVec) With(labels Labels) Gauge                              { return nil }

type HistogramVec struct {
	*MetricVec
}

func NewHistogramVec(opts HistogramOpts, labelNames []string) *HistogramVec { return nil }
func NewHistogram(opts HistogramOpts) Histogram                             { return nil }

func (v *HistogramVec) GetMetricWithLabelValues(lvs ...string) (Observer, error) { return nil, nil }
func (v *HistogramVec) GetMetricWith(labels Labels) (Observer, error)            { return nil, nil }
func (v *HistogramVec) WithLabelValues(lvs ...string) Observer                   { return nil }
func (v *HistogramVec) With(labels Labels) Observer                              { return nil }
func (v *HistogramVec) CurryWith(labels Labels) (ObserverVec, error)             { return nil, nil }
func (v *HistogramVec) MustCurryWith(labels Labels) ObserverVec                  { return nil }

type SummaryVec struct {
	*MetricVec
}

func NewSummaryVec(opts SummaryOpts, labelNames []string) *SummaryVec { return nil }

func (v *SummaryVec) GetMetricWithLabelValues(lvs ...string) (Observer, error) { return nil, nil }
func (v *SummaryVec) GetMetricWith(labels Labels) (Observer, error)            { return nil, nil }
func (v *SummaryVec) WithLabelValues(lvs ...string) Observer                   { return nil }
func (v *SummaryVec) With(labels Labels) Observer                              { return nil }
