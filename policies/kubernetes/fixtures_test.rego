# Shared fixtures of the Kubernetes check tests (a _test file: loaded by `evident test`, never built).
package evident.test.kubernetes

import rego.v1

image := "123456789012.dkr.ecr.eu-west-1.amazonaws.com/lims/api:2.4.1@sha256:9b7c3f3e6f2f5a8c1d0e4b6a7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f809"

# A container that every pod check accepts.
container := {
	"name": "api",
	"image": image,
	"ports": [{"containerPort": 8080}],
	"securityContext": {
		"allowPrivilegeEscalation": false,
		"privileged": false,
		"readOnlyRootFilesystem": true,
		"runAsNonRoot": true,
		"runAsUser": 10001,
		"capabilities": {"drop": ["ALL"]},
		"seccompProfile": {"type": "RuntimeDefault"},
	},
	"resources": {
		"requests": {"cpu": "250m", "memory": "512Mi"},
		"limits": {"cpu": "1", "memory": "512Mi"},
	},
	"volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}, {"name": "db-credentials", "mountPath": "/var/run/secrets/db", "readOnly": true}],
}

# A pod spec that every pod check accepts.
pod_spec := {
	"serviceAccountName": "lims-api",
	"automountServiceAccountToken": false,
	"securityContext": {"runAsNonRoot": true, "runAsUser": 10001, "fsGroup": 10001, "seccompProfile": {"type": "RuntimeDefault"}},
	"containers": [container],
	"volumes": [{"name": "tmp", "emptyDir": {}}, {"name": "db-credentials", "secret": {"secretName": "lims-db"}}],
}

labels := {
	"app.kubernetes.io/name": "lims-api",
	"app.kubernetes.io/version": "2.4.1",
	"gxp.validation/change-id": "CR-2024-0117",
}

with_container(spec, c) := object.union(spec, {"containers": [c]})

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "lims-api", "namespace": "lims", "labels": labels}, "spec": spec}

deployment(spec) := {
	"apiVersion": "apps/v1", "kind": "Deployment",
	"metadata": {"name": "lims-api", "namespace": "lims", "labels": labels},
	"spec": {
		"replicas": 2,
		"selector": {"matchLabels": {"app.kubernetes.io/name": "lims-api"}},
		"template": {"metadata": {"labels": labels}, "spec": spec},
	},
}

cronjob(spec) := {
	"apiVersion": "batch/v1", "kind": "CronJob",
	"metadata": {"name": "nightly-export", "namespace": "lims", "labels": labels},
	"spec": {"schedule": "0 2 * * *", "jobTemplate": {"spec": {"template": {"metadata": {"labels": labels}, "spec": object.union(spec, {"restartPolicy": "OnFailure"})}}}},
}

notebook(spec) := {
	"apiVersion": "kubeflow.org/v1", "kind": "Notebook",
	"metadata": {"name": "analysis", "namespace": "research", "labels": labels},
	"spec": {"template": {"spec": spec}},
}

pytorchjob(master, worker) := {
	"apiVersion": "kubeflow.org/v1", "kind": "PyTorchJob",
	"metadata": {"name": "esm-finetune", "namespace": "research", "labels": labels},
	"spec": {"pytorchReplicaSpecs": {
		"Master": {"replicas": 1, "restartPolicy": "OnFailure", "template": {"metadata": {"labels": labels}, "spec": master}},
		"Worker": {"replicas": 3, "restartPolicy": "OnFailure", "template": {"metadata": {"labels": labels}, "spec": worker}},
	}},
}

raycluster(head, worker) := {
	"apiVersion": "ray.io/v1", "kind": "RayCluster",
	"metadata": {"name": "featurize", "namespace": "research", "labels": labels},
	"spec": {
		"headGroupSpec": {"rayStartParams": {}, "template": {"metadata": {"labels": labels}, "spec": head}},
		"workerGroupSpecs": [{"groupName": "gpu", "replicas": 2, "rayStartParams": {}, "template": {"metadata": {"labels": labels}, "spec": worker}}],
	},
}

inferenceservice(predictor) := {
	"apiVersion": "serving.kserve.io/v1beta1", "kind": "InferenceService",
	"metadata": {"name": "tox-predictor", "namespace": "serving", "labels": labels},
	"spec": {"predictor": predictor},
}

# The normalised policy input of an admission request.
admission(operation, obj, old) := {
	"object": obj, "oldObject": old, "operation": operation,
	"userInfo": {"username": "alice@example.com", "groups": ["system:authenticated", "lims-developers"]},
	"namespace": _namespace_of(obj, old),
	"dryRun": false, "subResource": null, "source": "webhook",
}

_namespace_of(obj, old) := obj.metadata.namespace if is_string(obj.metadata.namespace)
else := old.metadata.namespace if is_string(old.metadata.namespace)
else := ""

# A raw AdmissionReview.
review(operation, obj, old) := {
	"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
	"request": {
		"uid": "705ab4f5-6393-11e8-b7cc-42010a800002",
		"kind": {"group": "", "version": "v1", "kind": object.get(obj, "kind", "")},
		"operation": operation, "namespace": object.get(obj.metadata, "namespace", ""),
		"userInfo": {"username": "alice@example.com", "groups": ["system:authenticated"]},
		"object": obj, "oldObject": old, "dryRun": false,
	},
}

namespace(name, ls) := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": ls}}

# data.inventory with the given Namespaces (name -> labels), as the scan builds it.
inventory(namespaces) := {"cluster": {"v1": {"Namespace": {name: namespace(name, ls) | some name, ls in namespaces}}}, "namespace": {}}

paths(violations) := {v.path | some v in violations}
