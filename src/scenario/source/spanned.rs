//! Values that remember where they were written, and lists that survive a broken item.
//!
//! Both talk to this module's deserializer through private "magic" newtype-struct names (the
//! trick toml's `serde_spanned` uses with a struct name). A newtype struct is used rather than a
//! struct because every serde deserializer, including serde's buffered content behind
//! `#[serde(untagged)]` and `serde_json`, answers `deserialize_newtype_struct` by handing over
//! the value itself; so with another deserializer `Spanned<T>` still deserializes (with an
//! approximate or empty span) and `List<T>` behaves like a `Vec` that stops at the first error.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::ops::Deref;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, Serializer};

use super::Span;

pub(super) const SPANNED_NAME: &str = "$__firedrill_private_Spanned";
pub(super) const START_KEY: &str = "$__firedrill_private_start";
pub(super) const END_KEY: &str = "$__firedrill_private_end";
pub(super) const VALUE_KEY: &str = "$__firedrill_private_value";
pub(super) const ITEM_NAME: &str = "$__firedrill_private_ListItem";

/// A value with the byte span of the text it was read from.
///
/// Comparisons and hashing look at `value` only, so two equal names written in different places
/// are equal. Serializes as the bare value.
#[derive(Clone, Debug, Default)]
pub struct Spanned<T> {
    pub span: Span,
    pub value: T,
}

impl<T> Spanned<T> {
    pub fn new(span: Span, value: T) -> Self {
        Spanned { span, value }
    }

    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T> Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> Borrow<T> for Spanned<T> {
    fn borrow(&self) -> &T {
        &self.value
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for Spanned<T> {}

impl<T: Hash> Hash for Spanned<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl<T: PartialOrd> PartialOrd for Spanned<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        self.value.partial_cmp(&other.value)
    }
}

impl<T: Ord> Ord for Spanned<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value.cmp(&other.value)
    }
}

impl<T: fmt::Display> fmt::Display for Spanned<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(SPANNED_NAME, SpannedVisitor(PhantomData))
    }
}

struct SpannedVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for SpannedVisitor<T> {
    type Value = Spanned<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value")
    }

    /// Our deserializer hands over the position as a map: start, end, then the value.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let start = magic_entry(&mut map, START_KEY)?;
        let end = magic_entry(&mut map, END_KEY)?;
        let value = magic_entry(&mut map, VALUE_KEY)?;
        Ok(Spanned {
            span: Span::new(start, end),
            value,
        })
    }

    /// Any other deserializer: no position is known beyond what our deserializer last saw.
    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        let value = T::deserialize(deserializer)?;
        Ok(Spanned {
            span: super::de::fallback_span(),
            value,
        })
    }
}

fn magic_entry<'de, A: MapAccess<'de>, V: Deserialize<'de>>(
    map: &mut A,
    key: &str,
) -> Result<V, A::Error> {
    match map.next_key::<String>()? {
        Some(found) if found == key => map.next_value(),
        _ => Err(de::Error::custom(
            "source positions can only be read by the scenario parser",
        )),
    }
}

/// A list that keeps going when an item is broken: with this module's deserializer each item
/// is read on its own, a failing item is dropped and its error recorded, and the other items
/// are still read (and checked). Serializes as a plain sequence of `T`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct List<T>(pub Vec<Spanned<T>>);

impl<T> Default for List<T> {
    fn default() -> Self {
        List(Vec::new())
    }
}

impl<T> List<T> {
    pub fn iter(&self) -> std::slice::Iter<'_, Spanned<T>> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<T> Deref for List<T> {
    type Target = [Spanned<T>];
    fn deref(&self) -> &[Spanned<T>] {
        &self.0
    }
}

impl<'a, T> IntoIterator for &'a List<T> {
    type Item = &'a Spanned<T>;
    type IntoIter = std::slice::Iter<'a, Spanned<T>>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T> IntoIterator for List<T> {
    type Item = Spanned<T>;
    type IntoIter = std::vec::IntoIter<Spanned<T>>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<T> FromIterator<Spanned<T>> for List<T> {
    fn from_iter<I: IntoIterator<Item = Spanned<T>>>(iter: I) -> Self {
        List(iter.into_iter().collect())
    }
}

impl<T: Serialize> Serialize for List<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|item| &item.value))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(ListVisitor(PhantomData))
    }
}

struct ListVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
    type Value = List<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(ItemSeed::<T>(PhantomData))? {
            items.extend(item);
        }
        Ok(List(items))
    }
}

/// Reads a record the document cannot do without (a scenario's `meta`) so that a mistake inside
/// it does not stop everything else being read and checked: the mistake is reported and the
/// record left at its default. A document with a reported mistake is never run, so the default
/// only stands in while the rest is checked. Use with `#[serde(deserialize_with = "...")]`;
/// other deserializers read the record as usual.
pub fn or_default<'de, D, T>(deserializer: D) -> Result<Spanned<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(
        de::DeserializeSeed::deserialize(ItemSeed::<T>(PhantomData), deserializer)?
            .unwrap_or_default(),
    )
}

/// One list item; `None` means it was broken, dropped, and its error recorded.
struct ItemSeed<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> de::DeserializeSeed<'de> for ItemSeed<T> {
    type Value = Option<Spanned<T>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_newtype_struct(ITEM_NAME, ItemVisitor(PhantomData))
    }
}

struct ItemVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ItemVisitor<T> {
    type Value = Option<Spanned<T>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list item")
    }

    /// Our deserializer's protocol: the first element is the item. If reading it fails, the
    /// deserializer has recorded the error, and a second element, `true`, confirms the item
    /// may be dropped. (The visitor cannot see inside the generic error to decide itself.)
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        match seq.next_element::<Spanned<T>>() {
            Ok(Some(item)) => Ok(Some(item)),
            Ok(None) => Err(de::Error::invalid_length(0, &self)),
            Err(err) => match seq.next_element::<bool>() {
                Ok(Some(true)) => Ok(None),
                _ => Err(err),
            },
        }
    }

    /// Any other deserializer: an ordinary item whose error ends the list.
    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        Spanned::<T>::deserialize(deserializer).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn compares_and_hashes_by_value() {
        let a = Spanned::new(Span::new(0, 2), "db".to_string());
        let b = Spanned::new(Span::new(10, 12), "db".to_string());
        assert_eq!(a, b);
        assert_eq!(a.cmp(&b), Ordering::Equal);
        let set: HashSet<_> = [a, b].into_iter().collect();
        assert_eq!(set.len(), 1);
        let key = String::from("db");
        assert!(set.contains(&key), "looks up by the bare value");
        assert_eq!(
            set.iter().next().map(|s| s.len()),
            Some(2),
            "derefs to the value"
        );
    }

    #[test]
    fn serializes_bare_values() {
        let list = List(vec![
            Spanned::new(Span::new(1, 2), 1),
            Spanned::new(Span::new(4, 5), 2),
        ]);
        assert_eq!(serde_json::to_string(&list).expect("json"), "[1,2]");
        assert_eq!(list.len(), 2);
        assert!(!list.is_empty());
        assert_eq!(list.iter().map(|i| i.value).sum::<i32>(), 3);
        let spanned = Spanned::new(Span::new(3, 9), "x");
        assert_eq!(serde_json::to_string(&spanned).expect("json"), "\"x\"");
    }

    #[test]
    fn other_deserializers_fall_back() {
        let spanned: Spanned<String> = serde_json::from_str("\"db\"").expect("spanned from json");
        assert_eq!(spanned.value, "db");
        assert_eq!(spanned.span, Span::default());
        let list: List<u8> = serde_json::from_str("[1, 2, 3]").expect("list from json");
        assert_eq!(list.iter().map(|i| i.value).collect::<Vec<_>>(), [1, 2, 3]);
        assert!(
            serde_json::from_str::<List<u8>>("[1, 300, 3]").is_err(),
            "no recovery outside our parser"
        );
    }
}
