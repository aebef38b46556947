# Every Kubernetes check together: hardened objects of every carrier pass all of them, in a
# classified GxP namespace with its default-deny NetworkPolicy (scan mode).
package evident.test.kubernetes_all_test

import rego.v1

import data.evident.test.kubernetes as fx

_gpu_container := object.union(fx.container, {"resources": {
	"requests": {"cpu": "4", "memory": "32Gi", "nvidia.com/gpu": 1},
	"limits": {"memory": "32Gi", "nvidia.com/gpu": 1},
}})

_gpu_spec := fx.with_container(fx.pod_spec, _gpu_container)

_predictor := object.union(json.remove(fx.pod_spec, ["containers"]), {"model": object.union(fx.container, {
	"name": "kserve-container",
	"modelFormat": {"name": "pytorch"},
	"storageUri": "s3://lims-models/tox/v3",
})})

_namespace_labels := {
	"data-classification": "gxp",
	"gxp-system-id": "CSV-0042",
	"pod-security.kubernetes.io/enforce": "restricted",
	"gpu-allowed": "true",
}

_deny_all := {
	"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
	"metadata": {"name": "default-deny", "namespace": "ns"},
	"spec": {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]},
}

_inventory := {
	"cluster": {"v1": {"Namespace": {ns: fx.namespace(ns, _namespace_labels) | some ns in ["lims", "research", "serving"]}}},
	"namespace": {ns: {"networking.k8s.io/v1": {"NetworkPolicy": {"default-deny": _deny_all}}} | some ns in ["lims", "research", "serving"]},
}

_objects := [
	fx.pod(fx.pod_spec),
	fx.deployment(fx.pod_spec),
	fx.cronjob(fx.pod_spec),
	fx.notebook(fx.pod_spec),
	fx.pytorchjob(_gpu_spec, _gpu_spec),
	fx.raycluster(fx.pod_spec, _gpu_spec),
	fx.inferenceservice(_predictor),
	fx.namespace("lims", _namespace_labels),
]

# The violations of every check for one input, by check package.
_all(obj) := {name: vs |
	vs := data.evident.checks.kubernetes[name].violation with input as fx.admission("CREATE", obj, null)
}

test_every_check_is_present if {
	# NOTE(compiler): bound to a variable before count() (see ingress_tls.rego).
	checks := {name | data.evident.checks.kubernetes[name].violation}
	count(checks) == 24
}

test_hardened_objects_pass_every_check if {
	every obj in _objects {
		results := _all(obj) with data.inventory as _inventory
		count(results) == 24
		every _, vs in results {
			count(vs) == 0
		}
	}
}

test_one_flaw_one_finding if {
	flawed := fx.deployment(fx.with_container(fx.pod_spec, object.union(fx.container, {"securityContext": {"privileged": true}})))
	results := _all(flawed) with data.inventory as _inventory
	failing := {name | some name, vs in results; count(vs) > 0}
	failing == {"privileged_container"}
}
