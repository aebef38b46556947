package evident.lib.kubernetes_test

import rego.v1

import data.evident.lib.kubernetes as k8s

_pod := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "ns1"}, "spec": {
	"containers": [{"name": "a", "image": "nginx"}],
	"initContainers": [{"name": "i", "image": "busybox"}],
	"ephemeralContainers": [{"name": "dbg", "image": "busybox"}],
}}

test_raw_object if {
	k8s.operation == "CREATE" with input as _pod
	k8s.subject.kind == "Pod" with input as _pod
	k8s.namespace == "ns1" with input as _pod
}

test_normalised if {
	inp := {"object": _pod, "oldObject": null, "operation": "CREATE", "userInfo": null, "namespace": "ns2", "dryRun": false, "subResource": null, "source": "scan"}
	k8s.namespace == "ns2" with input as inp
	k8s.display == `Pod "p" in namespace "ns2"` with input as inp
}

test_review if {
	inp := {"kind": "AdmissionReview", "apiVersion": "admission.k8s.io/v1", "request": {"uid": "1", "kind": {"group": "", "version": "v1", "kind": "Pod"}, "operation": "UPDATE", "object": _pod, "oldObject": _pod, "userInfo": {"username": "alice", "groups": ["devs"]}, "namespace": "ns1"}}
	k8s.operation == "UPDATE" with input as inp
	k8s.username == "alice" with input as inp
	"devs" in k8s.groups with input as inp
	k8s.request_kind == "Pod" with input as inp
	count(k8s.containers) == 3 with input as inp
}

test_delete_has_no_subject if {
	inp := {"object": null, "oldObject": _pod, "operation": "DELETE", "namespace": "ns1"}
	not k8s.subject with input as inp
	count(k8s.containers) == 0 with input as inp
	k8s.name == "p" with input as inp
}

test_containers_paths if {
	paths := {c.path | some c in k8s.containers} with input as _pod
	paths == {"spec.containers[0]", "spec.initContainers[0]", "spec.ephemeralContainers[0]"}
}

test_carriers_and_paths if {
	c := {"name": "c", "image": "x"}
	spec := {"containers": [c]}
	job := {"apiVersion": "kubeflow.org/v1", "kind": "PyTorchJob", "metadata": {"name": "j"}, "spec": {"pytorchReplicaSpecs": {"Master": {"template": {"spec": spec}}, "Worker": {"template": {"spec": spec}}}}}
	{p.path | some p in k8s.pod_specs} == {"spec.pytorchReplicaSpecs.Master.template.spec", "spec.pytorchReplicaSpecs.Worker.template.spec"} with input as job
	ray := {"apiVersion": "ray.io/v1", "kind": "RayCluster", "metadata": {"name": "r"}, "spec": {"headGroupSpec": {"template": {"spec": spec}}, "workerGroupSpecs": [{"template": {"spec": spec}}, {"template": {"spec": spec}}]}}
	{x.path | some x in k8s.containers} == {"spec.headGroupSpec.template.spec.containers[0]", "spec.workerGroupSpecs[0].template.spec.containers[0]", "spec.workerGroupSpecs[1].template.spec.containers[0]"} with input as ray
	isvc := {"apiVersion": "serving.kserve.io/v1beta1", "kind": "InferenceService", "metadata": {"name": "m"}, "spec": {"predictor": {"sklearn": c, "containers": [c]}, "transformer": {"containers": [c]}}}
	{x.path | some x in k8s.containers} == {"spec.predictor.sklearn", "spec.predictor.containers[0]", "spec.transformer.containers[0]"} with input as isvc
	cron := {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": spec}}}}}
	{x.path | some x in k8s.containers} == {"spec.jobTemplate.spec.template.spec.containers[0]"} with input as cron
	count(k8s.pod_specs) == 0 with input as {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}
}

test_classification if {
	inv := {"cluster": {"v1": {"Namespace": {"claims": {"metadata": {"name": "claims", "labels": {"data-classification": "PHI"}}}}}}}
	k8s.is_phi with input as _pod with data.inventory as object.union(inv, {"cluster": {"v1": {"Namespace": {"ns1": {"metadata": {"labels": {"data-classification": "phi"}}}}}}})
	not k8s.is_regulated with input as _pod with data.inventory as inv
	k8s.is_gxp with input as _pod with data.evident.config.gxp_namespaces as ["ns1"]
	k8s.is_regulated with input as {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "claims", "labels": {"data-classification": "phi"}}}
	k8s.is_exempt with input as object.union(_pod, {"metadata": {"namespace": "kube-system"}})
}

test_images if {
	k8s.normalised_image("nginx") == "docker.io/library/nginx"
	k8s.normalised_image("bitnami/nginx:1") == "docker.io/bitnami/nginx:1"
	k8s.normalised_image("localhost:5000/x") == "localhost:5000/x"
	k8s.normalised_image("ghcr.io/org/x") == "ghcr.io/org/x"
	k8s.approved_image("123456789012.dkr.ecr.us-east-1.amazonaws.com/x:1")
	not k8s.approved_image("123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.io/x:1")
	not k8s.approved_image("nginx")
}

test_booleans if {
	k8s.truthy(true)
	k8s.truthy("True")
	not k8s.truthy("yes")
	k8s.falsy("false")
	not k8s.falsy(null)
}

test_connect_and_status_have_no_subject if {
	connect := {"object": {"kind": "PodExecOptions", "apiVersion": "v1", "command": ["sh"]}, "oldObject": null, "operation": "CONNECT", "namespace": "ns1", "subResource": "exec"}
	not k8s.subject with input as connect
	k8s.is_connect with input as connect
	k8s.request_kind == "PodExecOptions" with input as connect
	status := {"object": _pod, "oldObject": _pod, "operation": "UPDATE", "namespace": "ns1", "subResource": "status"}
	not k8s.subject with input as status
}
