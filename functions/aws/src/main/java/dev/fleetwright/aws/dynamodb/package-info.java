/**
 * DynamoDB adapters for core's state ports: {@link dev.fleetwright.aws.dynamodb.DynamoDbNodeClaimStore} on the
 * NodeClaims table, {@link dev.fleetwright.aws.dynamodb.DynamoDbLease} and {@link
 * dev.fleetwright.aws.dynamodb.DynamoDbUnavailableOfferings} on the state table. {@link
 * dev.fleetwright.aws.dynamodb.TableSchemas} holds both table definitions; {@code docs/design/dynamodb-tables.md}
 * mirrors them for the SAM template.
 *
 * <p>Every write is a conditional write; a lost condition is a {@link dev.fleetwright.core.state.ConflictException}
 * (NodeClaims) or a {@code false} result (lease), never an unchecked SDK exception. Any other DynamoDB failure, and
 * any stored item the mappers cannot read, is a {@link dev.fleetwright.aws.dynamodb.DynamoDbStateException} naming
 * the table and the key.
 */
package dev.fleetwright.aws.dynamodb;
