package cache

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/maypok86/otter/v2"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
)

// Benchmarks are not run by CI. Run them with e.g.
//
//	go test -run '^$' -bench . -benchtime=200ms -cpu 1,2 ./cache/
//
// BenchmarkHit compares the GetOrCreate hit path with a raw otter GetIfPresent;
// the ratio of the two is the enforcement overhead.

const benchKeys = 1 << 12

func benchKeySet(b *testing.B) []Key {
	b.Helper()
	ks := make([]Key, benchKeys)
	for i := range ks {
		k, err := NewKey("bench", "items", Tenant("42"), 1, fmt.Sprint(i))
		if err != nil {
			b.Fatal(err)
		}
		ks[i] = k
	}
	return ks
}

func benchCache(b *testing.B, withSDK bool) *Cache[int] {
	b.Helper()
	cfg := Config{Name: "bench", MaxEntries: 2 * benchKeys, TTL: time.Hour}
	if withSDK {
		cfg.MeterProvider = sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	}
	c, err := New[int](cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = c.Close() })
	return c
}

func BenchmarkHit(b *testing.B) {
	ks := benchKeySet(b)
	ctx := context.Background()
	loader := func(context.Context) (int, error) { return 1, nil }

	b.Run("otter-GetIfPresent", func(b *testing.B) {
		o := otter.Must(&otter.Options[string, *entry[int]]{MaximumSize: 2 * benchKeys, ExpiryCalculator: otter.ExpiryWriting[string, *entry[int]](time.Hour)})
		strs := make([]string, len(ks))
		for i, k := range ks {
			strs[i] = k.String()
			o.Set(strs[i], &entry[int]{value: i})
		}
		b.ReportAllocs()
		b.ResetTimer()
		var s int
		for i := 0; b.Loop(); i++ {
			e, _ := o.GetIfPresent(strs[i&(benchKeys-1)])
			s += e.value
		}
		_ = s
	})
	for _, sdk := range []bool{false, true} {
		name := "cachevet-GetOrCreate-noop-metrics"
		if sdk {
			name = "cachevet-GetOrCreate-sdk-metrics"
		}
		b.Run(name, func(b *testing.B) {
			c := benchCache(b, sdk)
			for _, k := range ks {
				_, _ = c.GetOrCreate(ctx, k, loader)
			}
			b.ReportAllocs()
			b.ResetTimer()
			var s int
			for i := 0; b.Loop(); i++ {
				v, err := c.GetOrCreate(ctx, ks[i&(benchKeys-1)], loader)
				if err != nil {
					b.Fatal(err)
				}
				s += v
			}
			_ = s
		})
	}
	b.Run("cachevet-Get-noop-metrics", func(b *testing.B) {
		c := benchCache(b, false)
		for _, k := range ks {
			_, _ = c.GetOrCreate(ctx, k, loader)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; b.Loop(); i++ {
			if _, ok := c.Get(ctx, ks[i&(benchKeys-1)]); !ok {
				b.Fatal("miss")
			}
		}
	})
}

// BenchmarkZipf runs a Zipf-distributed mix of GetOrCreate and Set on GOMAXPROCS
// goroutines (vary with -cpu).
func BenchmarkZipf(b *testing.B) {
	ks := benchKeySet(b)
	ctx := context.Background()
	loader := func(context.Context) (int, error) { return 1, nil }
	for _, writePct := range []int{0, 10, 50} {
		b.Run(fmt.Sprintf("writes=%d%%", writePct), func(b *testing.B) {
			c := benchCache(b, false)
			var seed atomic.Uint64
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				r := rand.New(rand.NewPCG(seed.Add(1), 7))
				z := rand.NewZipf(r, 1.1, 1, benchKeys-1)
				for pb.Next() {
					k := ks[z.Uint64()]
					if r.IntN(100) < writePct {
						_ = c.Set(ctx, k, 2)
					} else if _, err := c.GetOrCreate(ctx, k, loader); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

// BenchmarkStampede: per op, 64 goroutines miss the same fresh key at once; the
// backend-calls/op metric must stay 1.
func BenchmarkStampede(b *testing.B) {
	c := benchCache(b, false)
	ctx := context.Background()
	var calls atomic.Int64
	loader := func(context.Context) (int, error) {
		calls.Add(1)
		time.Sleep(100 * time.Microsecond)
		return 1, nil
	}
	const callers = 64
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		k, _ := NewKey("bench", "stampede", Shared(), 1, fmt.Sprint(n))
		n++
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range callers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, _ = c.GetOrCreate(ctx, k, loader)
			}()
		}
		close(start)
		wg.Wait()
	}
	b.ReportMetric(float64(calls.Load())/float64(n), "backend-calls/op")
}

// BenchmarkL2RoundTrip measures a read served by Redis (L1 dropped before each
// read) and a Set, against a local redis-server.
func BenchmarkL2RoundTrip(b *testing.B) {
	srv := startRedis(b)
	ctx := context.Background()
	cfg := Config{Name: "benchl2", MaxEntries: 1024, TTL: time.Hour}
	c := newL2Cache[dto](b, srv, cfg)
	k, _ := NewKey("bench", "l2", Shared(), 1, "x")
	if err := c.Set(ctx, k, dto{Name: "value"}); err != nil {
		b.Fatal(err)
	}
	b.Run("Get-from-L2", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			c.l1.Invalidate(k.String())
			if _, ok := c.Get(ctx, k); !ok {
				b.Fatal("miss")
			}
		}
	})
	b.Run("Set", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := c.Set(ctx, k, dto{Name: "value"}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
