//! Azure Cosmos DB's refusals of Microsoft Entra tokens: 403 substatus 5300 (a management
//! operation, such as creating a container, attempted through the data plane) and 5301 (no
//! data-plane role grants the action: "principal [x] does not have required RBAC permissions to
//! perform action [y] on resource [z]"). Formats from dotnet/efcore#32197 and
//! Azure/azure-cosmos-dotnet-v3#3110; native RBAC: <https://aka.ms/cosmos-native-rbac>.

use super::caller;
use super::fix::{Grant, RESOURCE_GROUP, SUBSCRIPTION};
use super::shapes::Envelope;
use super::{CallTarget, Cause, Diagnosis, Service};
use crate::azure::roles::{self, Plane};
use crate::input::text::between;

fn is_cosmos(env: &Envelope) -> bool {
    [
        "cosmos-native-rbac",
        "cannot be authorized by aad token",
        "cosmosexception",
        ".documents.azure.com",
        "substatus: 53",
    ]
    .iter()
    .any(|s| env.has(s))
}

pub(crate) fn read(env: &Envelope) -> Option<Diagnosis> {
    if !is_cosmos(env) {
        return None;
    }
    let text = env.text.as_str();
    let account = between(text, "Request blocked by Auth ", " :").map(|a| a.trim().to_string());
    let account_name = account
        .clone()
        .filter(|a| !super::shapes::is_redacted(a))
        .unwrap_or_else(|| "<cosmos-account>".to_string());
    let mut d = if env.has("substatus: 5300")
        || env.has("cannot be authorized by aad token in data plane")
    {
        management_plane(text, &account_name)
    } else if env.has("substatus: 5301") || env.has("does not have required rbac permissions") {
        data_role(text, &account_name)
    } else {
        Diagnosis::new(Service::CosmosDb, Cause::Unknown).says(
            "Cosmos DB refused the request",
            "The message names no substatus this inspector knows (5300: management operation through the data plane; 5301: no data-plane role).",
            "Check the data-plane role assignment of the identity (az cosmosdb sql role assignment list) and that the token is for the account.",
        )
    };
    d.resource = Some(match &account {
        Some(a) if !super::shapes::is_redacted(a) => format!("https://{a}.documents.azure.com"),
        _ => "https://cosmos.azure.com".to_string(),
    });
    d.accepted = vec!["https://cosmos.azure.com".to_string()];
    if let Some(a) = &account {
        d.accepted.push(format!("https://{a}.documents.azure.com"));
    }
    d.target.namespace = account;
    Some(d)
}

fn management_plane(text: &str, account: &str) -> Diagnosis {
    let request = between(text, "The given request [", "]");
    let described = request.as_deref().map(describe_request);
    let mut d = Diagnosis::new(Service::CosmosDb, Cause::ManagementPlane).says(
        &format!(
            "{} is a management operation, which Cosmos DB's data plane does not authorize with a Microsoft Entra token",
            described.clone().unwrap_or_else(|| "The request".to_string())
        ),
        "Substatus 5300: with a token, the data-plane SDK may read and write items and run queries, but creating, replacing or deleting databases and containers, and changing throughput, go through Azure Resource Manager. Code that calls CreateIfNotExists or EnsureCreated at start-up hits this.",
        "Create databases and containers with Resource Manager (Bicep, Terraform, az cosmosdb sql container create) using a control-plane role such as Cosmos DB Operator, and keep only item operations in the app.",
    );
    d.action = request.as_deref().map(|r| match &described {
        Some(what) => format!("{r} ({what})"),
        None => r.to_string(),
    });
    let database = request
        .as_deref()
        .and_then(|r| r.split('/').skip_while(|s| *s != "dbs").nth(1))
        .map(str::to_string);
    d.roles = ["Cosmos DB Operator", "DocumentDB Account Contributor"]
        .iter()
        .filter_map(|n| roles::by_name(n))
        .collect();
    d.grants.push(Grant::Role {
        role: roles::by_name("Cosmos DB Operator"),
        scope: format!(
            "/subscriptions/{SUBSCRIPTION}/resourceGroups/{RESOURCE_GROUP}/providers/Microsoft.DocumentDB/databaseAccounts/{account}"
        ),
        why: Some("to whoever deploys the containers (a control-plane role)"),
    });
    if let Some(database) = &database {
        d.grants.push(Grant::CosmosContainer {
            account: account.to_string(),
            database: database.clone(),
        });
    }
    d.target = CallTarget {
        method: request
            .as_deref()
            .and_then(|r| r.split(' ').next())
            .map(str::to_string),
        entity: request
            .as_deref()
            .and_then(|r| r.split(' ').nth(1))
            .map(str::to_string),
        ..CallTarget::default()
    };
    d
}

/// `POST /dbs/x/colls` as "create container".
fn describe_request(request: &str) -> String {
    let (method, path) = request.split_once(' ').unwrap_or((request, ""));
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let noun = match last {
        "dbs" => "database",
        "colls" => "container",
        "sprocs" => "stored procedure",
        "triggers" => "trigger",
        "udfs" => "user-defined function",
        "offers" => "throughput",
        _ => match path.split('/').rev().nth(1) {
            Some("dbs") => "database",
            Some("colls") => "container",
            _ => "resource",
        },
    };
    let verb = match method {
        "POST" => "create",
        "PUT" => "replace",
        "DELETE" => "delete",
        _ => "read",
    };
    format!("{verb} {noun}")
}

fn data_role(text: &str, account: &str) -> Diagnosis {
    let action = between(text, "to perform action [", "]");
    let resource = between(text, "on resource [", "]");
    let mut d = Diagnosis::new(Service::CosmosDb, Cause::RbacMissing).says(
        &format!(
            "No Cosmos DB data-plane role lets this principal {}",
            action.as_deref().unwrap_or("do this")
        ),
        "Substatus 5301: Cosmos DB's own role-based access control (separate from Azure RBAC: Owner and Contributor on the account do not count) has no role assignment for the principal that grants the action.",
        "Assign the principal a Cosmos DB data-plane role (Cosmos DB Built-in Data Reader to read, Data Contributor to write) with az cosmosdb sql role assignment create; the Azure portal's Access control blade cannot do it.",
    );
    d.caller = caller::from_cosmos(text);
    d.permission = action.clone().map(|a| (a, Plane::Data));
    d.action = action;
    d.scope = resource;
    d.grants.push(Grant::CosmosDataRole {
        account: account.to_string(),
    });
    d
}
