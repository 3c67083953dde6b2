# Lambda artifacts for `sam build` (template.yaml: Metadata BuildMethod: makefile, CodeUri: .).
#
# SAM runs `make build-<LogicalId>` with ARTIFACTS_DIR set to .aws-sam/build/<LogicalId> and zips that
# directory as the function's code. Each target builds one function module's shaded jar with Maven and copies
# it to $(ARTIFACTS_DIR)/lib/.
#
# Why lib/: the Lambda Java runtime's class path is /var/task (the zip's root, for loose classes) plus every
# jar in /var/task/lib. A zip holding only the jar at its root would put nothing on the class path, and
# unpacking the jar into the root would lose its Multi-Release entries (META-INF/versions/..., used by
# log4j and others on Java 9+), which only count inside a jar. So the zip holds exactly lib/<module>.jar.
#
# Build in the source tree (`sam build --build-in-source`, set in samconfig.toml): otherwise SAM first copies
# CodeUri, the whole repository with target/ and .ci/cache/, to a scratch directory. Do not use
# `sam build --parallel`: both targets run Maven on the shared modules (core, aws, kubernetes) and would write
# the same target/ directories at once.

MVNW := ./mvnw -B -q

# $(1) = module under functions/ (also the artifact suffix: fleetwright-$(1)), $(2) = handler class file.
# The shaded jar is the largest fleetwright-$(1)-*.jar in target/ (besides original-*, sources, javadoc and
# tests jars): it holds every runtime dependency, whatever classifier the module's shade setup gives it.
define lambda_jar
	@test -d functions/$(1) || { echo "make: functions/$(1) does not exist (the $(1) module is not merged yet); cannot build the $(1) function" >&2; exit 1; }
	@test -n "$(ARTIFACTS_DIR)" || { echo "make: ARTIFACTS_DIR is not set; run this target through 'sam build'" >&2; exit 1; }
	$(MVNW) -pl functions/$(1) -am package -DskipTests
	@jar=$$(ls -S functions/$(1)/target/fleetwright-$(1)-*.jar 2>/dev/null \
	    | grep -v -e '/original-' -e '-sources\.jar$$' -e '-javadoc\.jar$$' -e '-tests\.jar$$' | head -n 1); \
	  test -n "$$jar" || { echo "make: no fleetwright-$(1)-*.jar in functions/$(1)/target after the build" >&2; exit 1; }; \
	  . .mvn/select-jdk.sh; \
	  "$$JAVA_HOME/bin/jar" tf "$$jar" | grep -qx '$(2)' \
	    || { echo "make: $$jar does not contain $(2) (the handler in template.yaml)" >&2; exit 1; }; \
	  mkdir -p "$(ARTIFACTS_DIR)/lib" && rm -f "$(ARTIFACTS_DIR)"/lib/*.jar; \
	  cp "$$jar" "$(ARTIFACTS_DIR)/lib/fleetwright-$(1).jar"; \
	  echo "make: $$jar -> $(ARTIFACTS_DIR)/lib/fleetwright-$(1).jar"
endef

.PHONY: build-ProvisionerFunction build-InterruptionFunction

build-ProvisionerFunction:
	$(call lambda_jar,provisioner,dev/fleetwright/provisioner/ProvisionerHandler.class)

build-InterruptionFunction:
	$(call lambda_jar,interruption,dev/fleetwright/interruption/InterruptionHandler.class)
