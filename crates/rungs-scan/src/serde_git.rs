//! Serde helpers for the git types records carry (object ids and times), used
//! with `#[serde(with = ...)]` when the `serde` feature is on.

use gix::ObjectId;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

fn id_from_bytes<E: serde::de::Error>(bytes: &[u8]) -> Result<ObjectId, E> {
    ObjectId::try_from(bytes).map_err(|_| E::custom("an object id of the wrong length"))
}

/// An [`ObjectId`] as its raw bytes.
pub(crate) mod id {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(id: &ObjectId, s: S) -> Result<S::Ok, S::Error> {
        id.as_bytes().serialize(s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<ObjectId, D::Error> {
        id_from_bytes(&Vec::<u8>::deserialize(d)?)
    }
}

/// An optional [`ObjectId`].
pub(crate) mod opt_id {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(id: &Option<ObjectId>, s: S) -> Result<S::Ok, S::Error> {
        id.as_ref().map(|id| id.as_bytes()).serialize(s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<ObjectId>, D::Error> {
        Option::<Vec<u8>>::deserialize(d)?
            .map(|bytes| id_from_bytes(&bytes))
            .transpose()
    }
}

/// A git time as `(seconds, offset)`.
pub(crate) mod time {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(t: &gix::date::Time, s: S) -> Result<S::Ok, S::Error> {
        (t.seconds, t.offset).serialize(s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<gix::date::Time, D::Error> {
        let (seconds, offset) = <(i64, i32)>::deserialize(d)?;
        Ok(gix::date::Time::new(seconds, offset))
    }
}

/// An optional git time.
pub(crate) mod opt_time {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(
        t: &Option<gix::date::Time>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        t.map(|t| (t.seconds, t.offset)).serialize(s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<gix::date::Time>, D::Error> {
        Ok(Option::<(i64, i32)>::deserialize(d)?
            .map(|(seconds, offset)| gix::date::Time::new(seconds, offset)))
    }
}
