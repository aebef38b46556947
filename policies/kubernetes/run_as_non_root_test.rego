package evident.checks.kubernetes.run_as_non_root_test

import rego.v1

import data.evident.checks.kubernetes.run_as_non_root as check
import data.evident.test.kubernetes as fx

_bare := json.remove(fx.container, ["securityContext/runAsNonRoot", "securityContext/runAsUser"])

test_compliant_is_silent if {
	count(check.violation) == 0 with input as fx.pod(fx.pod_spec)
}

test_pod_level_setting_covers_containers if {
	count(check.violation) == 0 with input as fx.pod(fx.with_container(fx.pod_spec, _bare))
}

test_nothing_set if {
	spec := json.remove(fx.with_container(fx.pod_spec, _bare), ["securityContext"])
	fx.paths(check.violation) == {"spec.containers[0].securityContext.runAsNonRoot"} with input as fx.pod(spec)
}

test_container_overrides_pod if {
	c := object.union(fx.container, {"securityContext": {"runAsNonRoot": false}})
	fx.paths(check.violation) == {"spec.containers[0].securityContext.runAsNonRoot"} with input as fx.pod(fx.with_container(fx.pod_spec, c))
}

test_pod_level_false_points_at_pod if {
	spec := object.union(fx.with_container(fx.pod_spec, _bare), {"securityContext": {"runAsNonRoot": false}})
	fx.paths(check.violation) == {"spec.securityContext.runAsNonRoot"} with input as fx.pod(spec)
}

test_uid_zero if {
	c := object.union(fx.container, {"securityContext": {"runAsUser": 0}})
	vs := check.violation with input as fx.pod(fx.with_container(fx.pod_spec, c))
	fx.paths(vs) == {"spec.containers[0].securityContext.runAsUser"}
	some v in vs
	contains(v.msg, "runs as UID 0")
}

test_notebook_init_container if {
	spec := object.union(fx.pod_spec, {"securityContext": {"runAsNonRoot": null}, "initContainers": [{"name": "fix-perms", "image": fx.image, "securityContext": {"runAsUser": 0}}]})
	fx.paths(check.violation) == {"spec.template.spec.initContainers[0].securityContext.runAsNonRoot", "spec.template.spec.initContainers[0].securityContext.runAsUser"} with input as fx.notebook(spec)
}
