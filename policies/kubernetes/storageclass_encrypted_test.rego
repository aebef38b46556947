package evident.checks.kubernetes.storageclass_encrypted_test

import rego.v1

import data.evident.checks.kubernetes.storageclass_encrypted as check
import data.evident.test.kubernetes as fx

_sc(name, params, annotations) := {
	"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
	"metadata": {"name": name, "annotations": annotations},
	"provisioner": "ebs.csi.aws.com", "volumeBindingMode": "WaitForFirstConsumer",
	"parameters": params,
}

_good := _sc("gp3-cmk", {"type": "gp3", "encrypted": "true", "kmsKeyId": "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}, {})

_plain := _sc("gp3", {"type": "gp3"}, {"storageclass.kubernetes.io/is-default-class": "true"})

_pvc(spec) := {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "alphafold-db", "namespace": "research"}, "spec": spec}

_inventory := {"cluster": {"storage.k8s.io/v1": {"StorageClass": {"gp3-cmk": _good, "gp3": _plain}}}, "namespace": {}}

test_encrypted_with_cmk if {
	count(check.violation) == 0 with input as _good
}

test_unencrypted if {
	vs := check.violation with input as _plain
	fx.paths(vs) == {"parameters.encrypted"}
}

test_encrypted_string_without_key if {
	fx.paths(check.violation) == {"parameters.kmsKeyId"} with input as _sc("gp3-enc", {"encrypted": "true"}, {})
}

test_in_tree_provisioner if {
	sc := object.union(_plain, {"provisioner": "kubernetes.io/aws-ebs"})
	count(check.violation) == 1 with input as sc
}

test_efs_not_judged_here if {
	count(check.violation) == 0 with input as object.union(_plain, {"provisioner": "efs.csi.aws.com"})
}

test_account_default_encryption if {
	count(check.violation) == 0 with input as _plain with data.evident.config.ebs_encryption_by_default as true
}

test_pvc_join if {
	vs := check.violation with input as _pvc({"storageClassName": "gp3", "accessModes": ["ReadWriteOnce"]}) with data.inventory as _inventory
	fx.paths(vs) == {"spec.storageClassName"}
	count(check.violation) == 0 with input as _pvc({"storageClassName": "gp3-cmk"}) with data.inventory as _inventory
}

test_pvc_default_class if {
	count(check.violation) == 1 with input as _pvc({"accessModes": ["ReadWriteOnce"]}) with data.inventory as _inventory
	count(check.violation) == 0 with input as _pvc({"storageClassName": "", "volumeName": "pv-1"}) with data.inventory as _inventory
}
