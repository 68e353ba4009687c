"""DRF scaffolding shared by the casework APIs of the cases and transfers apps."""
