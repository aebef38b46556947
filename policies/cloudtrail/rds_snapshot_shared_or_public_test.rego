package evident.checks.cloudtrail.rds_snapshot_shared_or_public_test

import rego.v1

import data.evident.checks.cloudtrail.rds_snapshot_shared_or_public as check
import data.evident.test.cloudtrail as fx

_share(name, values) := fx.record("rds.amazonaws.com", name, {"dBSnapshotIdentifier": "lims-prod-2024-05-14", "attributeName": "restore", "valuesToAdd": values})

test_public if {
	fx.paths(check.violation) == {"requestParameters.valuesToAdd[0]"} with input as fx.normalised(_share("ModifyDBSnapshotAttribute", ["all"]))
}

test_external_cluster_snapshot_eventbridge if {
	rec := fx.record("rds.amazonaws.com", "ModifyDBClusterSnapshotAttribute", {"dBClusterSnapshotIdentifier": "aurora-2024", "attributeName": "restore", "valuesToAdd": ["123456789012", "503161813013"]})
	vs := check.violation with input as fx.eventbridge(rec)
	fx.paths(vs) == {"requestParameters.valuesToAdd[1]"}
}

test_fine if {
	count(check.violation) == 0 with input as fx.normalised(_share("ModifyDBSnapshotAttribute", ["503161813013"])) with data.evident.config.trusted_accounts as ["503161813013"]
	count(check.violation) == 0 with input as fx.normalised(fx.denied(_share("ModifyDBSnapshotAttribute", ["all"])))
	count(check.violation) == 0 with input as fx.normalised(fx.record("rds.amazonaws.com", "ModifyDBSnapshotAttribute", {"attributeName": "restore", "valuesToRemove": ["all"]}))
}
