"""The shared cache's backend keeps one Redis client per connection pool (``congvu.core.cache``):
every cache call of a request reuses it instead of building a client of its own, and reads from
a replica keep to the replica's pool. No server is needed: a client connects on its first command."""

from congvu.core.cache import SharedClientRedisCache


def test_every_call_reuses_the_client_of_its_pool():
    backend = SharedClientRedisCache("redis://127.0.0.1:6379/9", {})
    first = backend._cache.get_client("personal:stamp:1")
    assert backend._cache.get_client("org:principals:1", write=True) is first
    assert first.connection_pool is backend._cache._get_connection_pool(write=True)


def test_reads_from_a_replica_keep_to_its_own_pool():
    backend = SharedClientRedisCache("redis://primary.example:6379/0,redis://replica.example:6379/0", {})
    writer = backend._cache.get_client(write=True)
    reader = backend._cache.get_client()
    assert reader is not writer
    assert reader is backend._cache.get_client()
    assert writer is backend._cache.get_client(write=True)
    assert writer.connection_pool.connection_kwargs["host"] == "primary.example"
    assert reader.connection_pool.connection_kwargs["host"] == "replica.example"
