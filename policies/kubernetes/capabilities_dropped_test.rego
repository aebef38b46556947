package evident.checks.kubernetes.capabilities_dropped_test

import rego.v1

import data.evident.checks.kubernetes.capabilities_dropped as check
import data.evident.test.kubernetes as fx

test_compliant_is_silent if {
	count(check.violation) == 0 with input as fx.pod(fx.pod_spec)
}

test_net_bind_service_allowed if {
	c := object.union(fx.container, {"securityContext": {"capabilities": {"drop": ["ALL"], "add": ["NET_BIND_SERVICE"]}}})
	count(check.violation) == 0 with input as fx.pod(fx.with_container(fx.pod_spec, c))
}

test_adds_sys_admin_and_net_raw if {
	c := object.union(fx.container, {"securityContext": {"capabilities": {"drop": ["ALL"], "add": ["NET_BIND_SERVICE", "SYS_ADMIN", "CAP_NET_RAW"]}}})
	vs := check.violation with input as fx.pod(fx.with_container(fx.pod_spec, c))
	fx.paths(vs) == {"spec.containers[0].securityContext.capabilities.add[1]", "spec.containers[0].securityContext.capabilities.add[2]"}
}

test_drop_missing_all if {
	c := object.union(fx.container, {"securityContext": {"capabilities": {"drop": ["NET_RAW"]}}})
	fx.paths(check.violation) == {"spec.template.spec.containers[0].securityContext.capabilities.drop"} with input as fx.deployment(fx.with_container(fx.pod_spec, c))
}

test_seccomp_unset_everywhere if {
	spec := json.remove(fx.with_container(fx.pod_spec, json.remove(fx.container, ["securityContext/seccompProfile"])), ["securityContext/seccompProfile"])
	vs := check.violation with input as fx.pod(spec)
	fx.paths(vs) == {"spec.containers[0].securityContext.seccompProfile.type"}
	some v in vs
	contains(v.msg, "unset (Unconfined)")
}

test_seccomp_from_pod if {
	spec := fx.with_container(fx.pod_spec, json.remove(fx.container, ["securityContext/seccompProfile"]))
	count(check.violation) == 0 with input as fx.pod(spec)
}

test_container_unconfined_overrides_pod if {
	c := object.union(fx.container, {"securityContext": {"seccompProfile": {"type": "Unconfined"}}})
	count(check.violation) == 1 with input as fx.pod(fx.with_container(fx.pod_spec, c))
}

test_lowercase_all_accepted if {
	c := object.union(fx.container, {"securityContext": {"capabilities": {"drop": ["all"]}}})
	count(check.violation) == 0 with input as fx.pod(fx.with_container(fx.pod_spec, c))
}
