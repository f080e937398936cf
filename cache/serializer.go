package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
)

// Serializer encodes the values a cache stores in Redis. Implementations must be
// safe for concurrent use.
//
// The contract: Marshal is given a pointer to the value (a *V for a Cache[V]) and
// Unmarshal a pointer to a zero V to decode into; decoding what Marshal produced
// must give back a value equal to the original in everything the program relies
// on (types of interface values, integer precision, unexported state). A
// serializer that cannot do that for some V should implement TypeChecker and
// refuse V, so New fails instead of values changing on the way through Redis.
//
// Every entry is stored with a fingerprint of V's type and schema (package path,
// name, kind, fields, tags, recursively) and of the serializer's type; an entry
// whose fingerprint differs (another type under the same cache name, a changed
// struct, another serializer) is treated as a miss.
type Serializer interface {
	Marshal(v any) ([]byte, error)
	// Unmarshal decodes data into v, a non-nil pointer.
	Unmarshal(data []byte, v any) error
}

// TypeChecker is implemented by serializers that cannot round-trip every type.
// New calls CheckType with V's type and fails with its error.
type TypeChecker interface {
	CheckType(t reflect.Type) error
}

// GobSerializer is the default Serializer, based on encoding/gob. It round-trips
// exported fields, interface values of registered types (gob.Register; basic
// types need no registration) with their dynamic type, all integer widths
// exactly, and types implementing gob.GobEncoder or encoding.BinaryMarshaler. It
// refuses (CheckType) types it would change: structs with unexported fields (or
// no fields) that do not encode themselves, channels and functions.
type GobSerializer struct{}

// Marshal implements Serializer.
func (GobSerializer) Marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Unmarshal implements Serializer.
func (GobSerializer) Unmarshal(data []byte, v any) error {
	return gob.NewDecoder(bytes.NewReader(data)).Decode(v)
}

// CheckType implements TypeChecker.
func (GobSerializer) CheckType(t reflect.Type) error {
	return gobCheck(t, map[reflect.Type]bool{}, t.String())
}

var (
	gobEncoderType = reflect.TypeFor[gob.GobEncoder]()
	binMarshalType = reflect.TypeFor[encoding.BinaryMarshaler]()
)

func gobCheck(t reflect.Type, seen map[reflect.Type]bool, path string) error {
	if seen[t] {
		return nil
	}
	seen[t] = true
	for _, it := range []reflect.Type{gobEncoderType, binMarshalType} {
		if t.Implements(it) || reflect.PointerTo(t).Implements(it) {
			return nil
		}
	}
	switch t.Kind() {
	case reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return fmt.Errorf("%s: gob cannot encode a %s", path, t.Kind())
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return gobCheck(t.Elem(), seen, path)
	case reflect.Map:
		if err := gobCheck(t.Key(), seen, path); err != nil {
			return err
		}
		return gobCheck(t.Elem(), seen, path)
	case reflect.Struct:
		if t.NumField() == 0 {
			return fmt.Errorf("%s: gob cannot encode a struct without fields", path)
		}
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				return fmt.Errorf("%s.%s: gob drops unexported fields (implement GobEncoder/GobDecoder or use another Serializer)", path, f.Name)
			}
			if err := gobCheck(f.Type, seen, path+"."+f.Name); err != nil {
				return err
			}
		}
	}
	return nil
}

// JSONSerializer encodes with encoding/json. It is not the default: JSON drops
// unexported fields, turns interface values into maps and float64 (losing
// integer precision above 2^53). Use it for types that survive that.
type JSONSerializer struct{}

// Marshal implements Serializer.
func (JSONSerializer) Marshal(v any) ([]byte, error) { return json.Marshal(v) }

// Unmarshal implements Serializer.
func (JSONSerializer) Unmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }

// typeFingerprint identifies V's type and schema and the serializer.
func typeFingerprint(t reflect.Type, ser Serializer) [8]byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "ser=%T;", ser)
	describeType(&b, t, map[reflect.Type]int{})
	sum := sha256.Sum256(b.Bytes())
	var fp [8]byte
	copy(fp[:], sum[:])
	return fp
}

func describeType(b *bytes.Buffer, t reflect.Type, seen map[reflect.Type]int) {
	if n, ok := seen[t]; ok {
		b.WriteString("@" + strconv.Itoa(n))
		return
	}
	seen[t] = len(seen)
	fmt.Fprintf(b, "(%s|%s|%s", t.PkgPath(), t.Name(), t.Kind())
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice:
		describeType(b, t.Elem(), seen)
	case reflect.Array:
		fmt.Fprintf(b, "[%d]", t.Len())
		describeType(b, t.Elem(), seen)
	case reflect.Map:
		describeType(b, t.Key(), seen)
		describeType(b, t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			fmt.Fprintf(b, "{%s|%q|%v|", f.Name, f.Tag, f.Anonymous)
			describeType(b, f.Type, seen)
			b.WriteByte('}')
		}
	}
	b.WriteByte(')')
}
