from tests.vae.outils import vae

__all__ = ["vae"]
