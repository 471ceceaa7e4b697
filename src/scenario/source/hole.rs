//! A stand-in value for a missing field, so that the next pass can find the next one.
//!
//! A serde-derived struct stops at its first missing field, so `meta: ()` would be reported one
//! missing field per fix. When a pass finds field `x` missing, the next pass gives the struct a
//! [`Hole`] for `x`: the plainest value of whatever type is asked for (`""`, `0`, `[]`, a record
//! of holes, an enum's first variant). The struct then gets as far as its next missing field.
//! A hole never reaches a scenario that runs, since the document already has an error; a type a
//! hole cannot stand in for fails quietly (see `de.rs`), ending the search there.

use std::marker::PhantomData;

use serde::de::{
    self, DeserializeSeed, EnumAccess, IntoDeserializer, MapAccess, SeqAccess, VariantAccess,
    Visitor,
};

pub(super) struct Hole<E>(PhantomData<E>);

impl<E> Hole<E> {
    pub(super) fn new() -> Self {
        Hole(PhantomData)
    }
}

/// A sequence or map of `len` holes (field names for a record).
struct Holes<E> {
    names: &'static [&'static str],
    len: usize,
    _e: PhantomData<E>,
}

impl<E> Holes<E> {
    fn values(len: usize) -> Self {
        Holes {
            names: &[],
            len,
            _e: PhantomData,
        }
    }

    fn fields(names: &'static [&'static str]) -> Self {
        Holes {
            names,
            len: names.len(),
            _e: PhantomData,
        }
    }
}

impl<'de, E: de::Error> SeqAccess<'de> for Holes<E> {
    type Error = E;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, E> {
        if self.len == 0 {
            return Ok(None);
        }
        self.len -= 1;
        seed.deserialize(Hole::new()).map(Some)
    }
}

impl<'de, E: de::Error> MapAccess<'de> for Holes<E> {
    type Error = E;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, E> {
        let Some((first, rest)) = self.names.split_first() else {
            return Ok(None);
        };
        self.names = rest;
        seed.deserialize((*first).into_deserializer()).map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, E> {
        seed.deserialize(Hole::new())
    }
}

struct FirstVariant<E>(&'static str, PhantomData<E>);

impl<'de, E: de::Error> EnumAccess<'de> for FirstVariant<E> {
    type Error = E;
    type Variant = Hole<E>;
    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Hole<E>), E> {
        let name: de::value::StrDeserializer<E> = self.0.into_deserializer();
        Ok((seed.deserialize(name)?, Hole::new()))
    }
}

impl<'de, E: de::Error> VariantAccess<'de> for Hole<E> {
    type Error = E;
    fn unit_variant(self) -> Result<(), E> {
        Ok(())
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, E> {
        seed.deserialize(Hole::new())
    }
    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, E> {
        visitor.visit_seq(Holes::values(len))
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, E> {
        visitor.visit_map(Holes::fields(fields))
    }
}

impl<'de, E: de::Error> de::Deserializer<'de> for Hole<E> {
    type Error = E;

    /// Quantities (`"5m"`, `"5%"`) read through `any` and take a plain number.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_u64(0)
    }
    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_bool(false)
    }
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_f64(0.0)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_f64(0.0)
    }
    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_char(' ')
    }
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_str("")
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_str("")
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_bytes(&[])
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_bytes(&[])
    }
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }
    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_unit()
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, E> {
        visitor.visit_unit()
    }
    /// `Spanned` and list items read their plain value from a deserializer that is not ours.
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, E> {
        visitor.visit_newtype_struct(self)
    }
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_seq(Holes::values(0))
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, E> {
        visitor.visit_seq(Holes::values(len))
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, E> {
        visitor.visit_seq(Holes::values(len))
    }
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_map(Holes::fields(&[]))
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, E> {
        visitor.visit_map(Holes::fields(fields))
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, E> {
        match variants.first() {
            Some(first) => visitor.visit_enum(FirstVariant(first, PhantomData)),
            None => Err(E::custom("an enum without variants")),
        }
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 identifier ignored_any
    }
}
