// Package cacheentity defines an Analyzer that reports caching of domain
// aggregates and ORM entities.
//
// # Analyzer cacheentity
//
// cacheentity: caches hold read models, not domain entities
//
// The value a cache stores outlives the request that built it and is read
// by code that never loaded it. A domain aggregate or an ORM-mapped entity
// carries more than readers need (invariants, internal state, loaded
// associations, soft-delete markers, a client handle) and changes shape
// with the domain model or the schema, so every cached copy is a stale,
// over-shared snapshot of a write model. Cache a read model instead: a DTO
// or projection with the fields its readers need.
//
// The rule reports cache writes (set, add, get-or-create, also through
// wrappers found by the cache-operation model) whose value, or whose
// loader's result, is an entity (through pointers, slices, maps and
// generic wrappers), and values serialised from one (json.Marshal(order)).
// A type is an entity when:
//
//   - it embeds gorm.Model (GORM) or bun.BaseModel (bun), or a type named
//     with -cacheentity.embeds;
//   - it is an ent-generated entity (a struct with a client config and an
//     Edges field);
//   - it is a struct declared in a package named domain, entity, entities,
//     aggregate or aggregates (or matching -cacheentity.packages), unless
//     its name says it is a read model (…DTO, …View, …ReadModel,
//     …Projection, …Summary, …Response, …Snapshot);
//   - it matches -cacheentity.types.
//
// -cacheentity.allow lists types that are read models wherever they live.
package cacheentity

// Doc is the analyzer's documentation: its first line is the summary.
const Doc = `cacheentity: caches hold read models, not domain entities

Reports cache writes whose value (or loader result, or the value a
serialiser was given) is a domain aggregate or an ORM entity: a type
embedding gorm.Model or bun.BaseModel, an ent entity, or a struct in a
package named domain/entity/aggregate. Cache a DTO/projection instead.
Flags: -cacheentity.packages, -cacheentity.types, -cacheentity.allow,
-cacheentity.embeds.`
