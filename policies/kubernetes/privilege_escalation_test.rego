package evident.checks.kubernetes.privilege_escalation_test

import rego.v1

import data.evident.checks.kubernetes.privilege_escalation as check
import data.evident.test.kubernetes as fx

test_compliant_is_silent if {
	count(check.violation) == 0 with input as fx.deployment(fx.pod_spec)
}

test_unset_fires if {
	c := json.remove(fx.container, ["securityContext/allowPrivilegeEscalation"])
	vs := check.violation with input as fx.deployment(fx.with_container(fx.pod_spec, c))
	fx.paths(vs) == {"spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation"}
	some v in vs
	contains(v.msg, "unset, which defaults to true")
}

test_true_fires if {
	c := object.union(fx.container, {"securityContext": {"allowPrivilegeEscalation": true}})
	count(check.violation) == 1 with input as fx.pod(fx.with_container(fx.pod_spec, c))
}

test_string_false_accepted if {
	c := object.union(fx.container, {"securityContext": {"allowPrivilegeEscalation": "false"}})
	count(check.violation) == 0 with input as fx.pod(fx.with_container(fx.pod_spec, c))
}

test_ephemeral_debug_container_without_security_context if {
	spec := object.union(fx.pod_spec, {"ephemeralContainers": [{"name": "debugger-x7k2", "image": "busybox:1.36", "targetContainerName": "api"}]})
	fx.paths(check.violation) == {"spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation"} with input as fx.admission("UPDATE", fx.pod(spec), fx.pod(fx.pod_spec))
}

test_tfjob_roles if {
	job := {"apiVersion": "kubeflow.org/v1", "kind": "TFJob", "metadata": {"name": "dti", "namespace": "research"}, "spec": {"tfReplicaSpecs": {
		"Chief": {"template": {"spec": fx.pod_spec}},
		"Worker": {"template": {"spec": fx.with_container(fx.pod_spec, json.remove(fx.container, ["securityContext/allowPrivilegeEscalation"]))}},
	}}}
	fx.paths(check.violation) == {"spec.tfReplicaSpecs.Worker.template.spec.containers[0].securityContext.allowPrivilegeEscalation"} with input as job
}
