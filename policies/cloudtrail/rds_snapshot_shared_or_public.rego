# METADATA
# title: An RDS snapshot was made public or shared externally
# description: |
#   A successful ModifyDBSnapshotAttribute or ModifyDBClusterSnapshotAttribute on the restore
#   attribute adding "all" (public) or a 12-digit account that is neither the event's own account nor in
#   trusted_accounts.
# custom:
#   id: CT-RDS-SNAPSHOT-SHARED-OR-PUBLIC
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "gxp-part11:11.10(c)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-part11:11.10(k)", "gxp-annex11:12.1"]
#   remediation: "Remove the account or \"all\" from the snapshot's restore attribute (aws rds modify-db-snapshot-attribute --values-to-remove), share encrypted snapshots only within the organisation, and review the copies made while it was shared."
#   kinds: [cloudtrail]
package evident.checks.cloudtrail.rds_snapshot_shared_or_public

import rego.v1

import data.evident.lib.cloudtrail as ct

violation contains {"msg": msg, "path": sprintf("requestParameters.valuesToAdd[%d]", [i])} if {
	some r in ct.records
	ct.call(r, "rds.amazonaws.com", {"ModifyDBSnapshotAttribute", "ModifyDBClusterSnapshotAttribute"})
	p := ct.params(r)
	p.attributeName == "restore"
	some i, value in ct.as_list(p.valuesToAdd)
	who := _grantee(value, r)
	msg := sprintf("%s shared RDS snapshot %q with %s; remove it from the restore attribute", [ct.describe(r), _snapshot(p), who])
}

_grantee("all", _) := "everyone (all)"

_grantee(value, r) := sprintf("external account %s", [value]) if ct.external_account(value, r)

_snapshot(p) := object.get(p, "dBSnapshotIdentifier", object.get(p, "dBClusterSnapshotIdentifier", "?"))
