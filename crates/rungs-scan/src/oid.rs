//! The scanner's own names for git objects and times, so that its API (and
//! what callers store, such as caches) does not change with gix's types.

use std::fmt;

/// The name of a git object: the 20 bytes of its SHA-1 (a commit id, or the
/// fingerprint of a patch). Shown as 40 lower-case hex digits.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Oid([u8; 20]);

impl Oid {
    /// The object name of these 20 bytes; `None` for any other length.
    pub fn from_bytes(bytes: &[u8]) -> Option<Oid> {
        bytes.try_into().ok().map(Oid)
    }

    /// The 20 bytes.
    pub fn as_bytes(&self) -> &[u8; 20] {
        &self.0
    }

    pub(crate) fn from_gix(id: gix::ObjectId) -> Oid {
        let mut bytes = [0; 20];
        bytes.copy_from_slice(id.as_bytes());
        Oid(bytes)
    }

    pub(crate) fn to_gix(self) -> gix::ObjectId {
        gix::ObjectId::Sha1(self.0)
    }
}

impl fmt::Display for Oid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for byte in self.0 {
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Oid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Stored as its bytes, a sequence of 20.
#[cfg(feature = "serde")]
impl serde::Serialize for Oid {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.as_slice().serialize(s)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Oid {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Oid, D::Error> {
        let bytes = Vec::<u8>::deserialize(d)?;
        Oid::from_bytes(&bytes)
            .ok_or_else(|| serde::de::Error::custom("an object id of the wrong length"))
    }
}

/// A git time: seconds since the epoch, and the offset east of UTC in seconds
/// the author's clock showed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Time {
    /// Seconds since the epoch.
    pub seconds: i64,
    /// Offset east of UTC, in seconds.
    pub offset: i32,
}

impl Time {
    /// The time `seconds` since the epoch, at `offset` seconds east of UTC.
    pub fn new(seconds: i64, offset: i32) -> Time {
        Time { seconds, offset }
    }

    pub(crate) fn from_gix(time: gix::date::Time) -> Time {
        Time::new(time.seconds, time.offset)
    }

    pub(crate) fn to_gix(self) -> gix::date::Time {
        gix::date::Time::new(self.seconds, self.offset)
    }
}

#[cfg(test)]
mod tests {
    use super::Oid;

    #[test]
    fn object_names_print_and_convert_like_gix() {
        let gix_id =
            gix::ObjectId::from_hex(b"0123456789abcdef0123456789abcdef01234567").expect("hex");
        let id = Oid::from_gix(gix_id);
        assert_eq!(id.to_string(), gix_id.to_string());
        assert_eq!(id.to_gix(), gix_id);
        assert_eq!(Oid::from_bytes(gix_id.as_bytes()), Some(id));
        assert_eq!(Oid::from_bytes(&[0; 19]), None);
    }
}
