package evident.checks.kubernetes.privileged_container_test

import rego.v1

import data.evident.checks.kubernetes.privileged_container as check
import data.evident.test.kubernetes as fx

_priv := object.union(fx.container, {"securityContext": {"privileged": true}})

test_compliant_pod_is_silent if {
	count(check.violation) == 0 with input as fx.admission("CREATE", fx.pod(fx.pod_spec), null)
}

test_privileged_pod if {
	vs := check.violation with input as fx.admission("CREATE", fx.pod(fx.with_container(fx.pod_spec, _priv)), null)
	count(vs) == 1
	some v in vs
	v.path == "spec.containers[0].securityContext.privileged"
	contains(v.msg, `Pod "lims-api" in namespace "lims": container "api" runs privileged`)
}

test_privileged_deployment_path if {
	vs := check.violation with input as fx.deployment(fx.with_container(fx.pod_spec, _priv))
	fx.paths(vs) == {"spec.template.spec.containers[0].securityContext.privileged"}
}

test_string_true_is_privileged if {
	c := object.union(fx.container, {"securityContext": {"privileged": "true"}})
	count(check.violation) == 1 with input as fx.pod(fx.with_container(fx.pod_spec, c))
}

test_string_false_is_not if {
	c := object.union(fx.container, {"securityContext": {"privileged": "false"}})
	count(check.violation) == 0 with input as fx.pod(fx.with_container(fx.pod_spec, c))
}

test_init_and_ephemeral_containers if {
	spec := object.union(fx.pod_spec, {"initContainers": [object.union(_priv, {"name": "init"})], "ephemeralContainers": [object.union(_priv, {"name": "debugger"})]})
	fx.paths(check.violation) == {"spec.initContainers[0].securityContext.privileged", "spec.ephemeralContainers[0].securityContext.privileged"} with input as fx.pod(spec)
}

test_cronjob_and_kserve if {
	fx.paths(check.violation) == {"spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged"} with input as fx.cronjob(fx.with_container(fx.pod_spec, _priv))
	isvc := fx.inferenceservice({"model": object.union(_priv, {"modelFormat": {"name": "sklearn"}, "storageUri": "s3://models/tox"})})
	fx.paths(check.violation) == {"spec.predictor.model.securityContext.privileged"} with input as isvc
}

test_exempt_gpu_operator_namespace if {
	ds := {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "nvidia-driver-daemonset", "namespace": "gpu-operator"}, "spec": {"template": {"spec": fx.with_container(fx.pod_spec, _priv)}}}
	count(check.violation) == 0 with input as ds
	count(check.violation) == 1 with input as ds with data.evident.config.exempt_namespaces as []
}

test_delete_does_not_fire if {
	count(check.violation) == 0 with input as fx.admission("DELETE", null, fx.pod(fx.with_container(fx.pod_spec, _priv)))
}

test_update_fires if {
	old := fx.pod(fx.pod_spec)
	count(check.violation) == 1 with input as fx.admission("UPDATE", fx.pod(fx.with_container(fx.pod_spec, _priv)), old)
}

test_raw_admission_review if {
	count(check.violation) == 1 with input as fx.review("CREATE", fx.pod(fx.with_container(fx.pod_spec, _priv)), null)
}
